// How a driver talks to a virtio device over PCI, whichever of the two register layouts it has: the modern one
// (virtio 1.x capabilities, VirtioPciModern) or the legacy I/O BAR (VirtioPciLegacy). Drivers see features, status,
// queues, notifications and the device-specific configuration through this class only; Initialize runs the
// start-up sequence of virtio 1.2, 3.1.1 up to FEATURES_OK, and Start sets DRIVER_OK once the queues are live.
using Kiln.Kernel.Devices.Pci;

namespace Kiln.Kernel.Devices.Virtio
{
    internal abstract unsafe class VirtioTransport
    {
        protected VirtioTransport(PciFunction function)
        {
            Function = function;
        }

        public PciFunction Function { get; }

        /// <summary>The function's MSI-X table once EnableMsiX succeeded, else null (the driver then polls).</summary>
        public MsiX Interrupts { get; private set; }

        /// <summary>Every feature the device offered (drivers report it; Features is what was agreed).</summary>
        public ulong OfferedFeatures { get; private set; }

        /// <summary>The features both sides agreed on.</summary>
        public ulong Features { get; private set; }

        public abstract bool IsLegacy { get; }

        public abstract string Name { get; }

        /// <summary>Resets the device, acknowledges it and agrees on the features in <paramref name="wanted"/>.</summary>
        public bool Initialize(ulong wanted)
        {
            Function.Enable();
            SetStatus(0);
            SetStatus(VirtioStatus.ACKNOWLEDGE);
            SetStatus(VirtioStatus.ACKNOWLEDGE | VirtioStatus.DRIVER);
            ulong offered = ReadDeviceFeatures();
            OfferedFeatures = offered;
            if (!IsLegacy)
            {
                wanted |= VirtioStatus.VIRTIO_F_VERSION_1;
                if ((offered & VirtioStatus.VIRTIO_F_VERSION_1) == 0)
                {
                    SetStatus(VirtioStatus.FAILED);
                    return false;
                }
            }

            Features = offered & wanted;
            WriteDriverFeatures(Features);
            if (!IsLegacy)
            {
                // A legacy device has no FEATURES_OK; a modern one may refuse the subset (3.1.1, step 5-6).
                SetStatus(VirtioStatus.ACKNOWLEDGE | VirtioStatus.DRIVER | VirtioStatus.FEATURES_OK);
                if ((GetStatus() & VirtioStatus.FEATURES_OK) == 0)
                {
                    SetStatus(VirtioStatus.FAILED);
                    return false;
                }
            }

            return true;
        }

        public bool Has(ulong feature) => (Features & feature) != 0;

        /// <summary>Maps and enables the function's MSI-X table; false when it has none.</summary>
        public bool EnableMsiX()
        {
            MsiX table = MsiX.Open(Function);
            if (table == null)
            {
                return false;
            }

            table.Enable();
            Interrupts = table;
            OnMsiXEnabled();
            return SetConfigurationVector(VirtioStatus.VIRTIO_MSI_NO_VECTOR);
        }

        /// <summary>Sets DRIVER_OK: the device may now use the queues.</summary>
        public void Start() => SetStatus((byte)(GetStatus() | VirtioStatus.DRIVER_OK));

        public void Fail() => SetStatus((byte)(GetStatus() | VirtioStatus.FAILED));

        public abstract byte GetStatus();

        public abstract void SetStatus(byte status);

        /// <summary>The largest size the device allows for queue <paramref name="queue"/>; 0 when it does not exist.</summary>
        public abstract int QueueMaximum(int queue);

        /// <summary>True when the queue's size is fixed at QueueMaximum (legacy devices).</summary>
        public virtual bool QueueSizeFixed => IsLegacy;

        /// <summary>
        /// Gives the device queue <paramref name="queue"/> of <paramref name="size"/> entries laid out by
        /// VirtqueueLayout at <paramref name="ringPhysical"/>, its interrupts on MSI-X entry
        /// <paramref name="msixEntry"/> (or VIRTIO_MSI_NO_VECTOR). False when the device refuses.
        /// </summary>
        public abstract bool ActivateQueue(int queue, int size, ulong ringPhysical, ushort msixEntry);

        public abstract void Notify(int queue);

        public abstract byte ReadConfig8(int offset);

        public abstract ushort ReadConfig16(int offset);

        public abstract uint ReadConfig32(int offset);

        public abstract void WriteConfig32(int offset, uint value);

        /// <summary>A 64-bit configuration field, read again until the configuration generation is stable (4.1.4.3.1).</summary>
        public virtual ulong ReadConfig64(int offset)
        {
            uint low = ReadConfig32(offset);
            uint high = ReadConfig32(offset + 4);
            return ((ulong)high << 32) | low;
        }

        protected abstract ulong ReadDeviceFeatures();

        protected abstract void WriteDriverFeatures(ulong features);

        protected abstract bool SetConfigurationVector(ushort msixEntry);

        /// <summary>The legacy layout moves the device configuration once MSI-X is on.</summary>
        protected virtual void OnMsiXEnabled()
        {
        }
    }
}
