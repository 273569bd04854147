// Something that wants to hear about a virtio device's interrupts (a driver's completion path). VirtioInterrupts
// keeps the handlers; the drivers' classes already have a base class (BlockDevice), so each holds a small one of these.
namespace Kiln.Kernel.Devices.Virtio
{
    internal abstract class VirtioInterruptHandler
    {
        /// <summary>Runs with interrupts off, in whatever thread the interrupt arrived in.</summary>
        public abstract void OnInterrupt();
    }
}
