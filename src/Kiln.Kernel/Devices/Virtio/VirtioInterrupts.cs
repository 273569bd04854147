// Routes one MSI-X entry of a virtio device to a fresh local-APIC vector and that vector to a handler. The interrupt
// context handed to Interrupts.Register is an index into this table, so no object address crosses into unmanaged code.
using Kiln.Kernel.Arch.X86_64;

namespace Kiln.Kernel.Devices.Virtio
{
    internal static unsafe class VirtioInterrupts
    {
        private const int Capacity = Interrupts.EndDeviceVector - Interrupts.FirstDeviceVector;

        private static readonly VirtioInterruptHandler[] s_handlers = new VirtioInterruptHandler[Capacity];
        private static int s_count;

        /// <summary>Interrupts handled so far, all devices together (the self-test reports it).</summary>
        public static ulong Delivered { get; private set; }

        /// <summary>Points MSI-X entry <paramref name="entry"/> of the transport's function at a new vector for <paramref name="handler"/>.</summary>
        public static bool Attach(VirtioTransport transport, int entry, VirtioInterruptHandler handler)
        {
            if (transport.Interrupts == null || s_count == Capacity)
            {
                return false;
            }

            byte vector = Interrupts.AllocateVector();
            if (vector == 0)
            {
                return false;
            }

            int slot = s_count++;
            s_handlers[slot] = handler;
            Interrupts.Register(vector, &Dispatch, (void*)(nint)slot);
            return transport.Interrupts.Route(entry, vector);
        }

        private static void Dispatch(void* context)
        {
            Delivered++;
            s_handlers[(int)(nint)context].OnInterrupt();
        }
    }
}
