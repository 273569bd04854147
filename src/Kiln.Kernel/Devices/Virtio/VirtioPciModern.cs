// The modern virtio-pci transport (virtio 1.2, 4.1.4): vendor-specific PCI capabilities point into memory BARs at
// the common configuration, the notification area, the ISR byte and the device-specific configuration.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Devices.Pci;

namespace Kiln.Kernel.Devices.Virtio
{
    // SAFETY: every register pointer comes from a capability whose BAR was mapped whole by PciFunction.MapBar, and
    // Open rejects a capability whose offset and length do not fit in its BAR. Accesses are single MMIO loads and
    // stores of the register's own width (4.1.3.1 requires that).
    internal sealed unsafe class VirtioPciModern : VirtioTransport
    {
        private const byte VIRTIO_PCI_CAP_COMMON_CFG = 1;
        private const byte VIRTIO_PCI_CAP_NOTIFY_CFG = 2;
        private const byte VIRTIO_PCI_CAP_ISR_CFG = 3;
        private const byte VIRTIO_PCI_CAP_DEVICE_CFG = 4;

        // struct virtio_pci_common_cfg (4.1.4.3).
        private const int DeviceFeatureSelect = 0x00;
        private const int DeviceFeature = 0x04;
        private const int DriverFeatureSelect = 0x08;
        private const int DriverFeature = 0x0C;
        private const int MsixConfig = 0x10;
        private const int DeviceStatus = 0x14;
        private const int ConfigGeneration = 0x15;
        private const int QueueSelect = 0x16;
        private const int QueueSize = 0x18;
        private const int QueueMsixVector = 0x1A;
        private const int QueueEnable = 0x1C;
        private const int QueueNotifyOff = 0x1E;
        private const int QueueDesc = 0x20;
        private const int QueueDriver = 0x28;
        private const int QueueDevice = 0x30;
        private const int NumQueues = 0x12;

        private readonly ulong[] _bars = new ulong[6];
        private readonly ushort[] _notifyOffsets = new ushort[16];
        private byte* _common;
        private byte* _notify;
        private uint _notifyMultiplier;
        private byte* _device;
        private uint _deviceLength;

        private VirtioPciModern(PciFunction function)
            : base(function)
        {
        }

        public override bool IsLegacy => false;

        public override string Name => "modern";

        /// <summary>The modern transport of <paramref name="function"/>, or null when it lacks the capabilities.</summary>
        public static VirtioPciModern Open(PciFunction function)
        {
            VirtioPciModern transport = new VirtioPciModern(function);
            for (int cap = function.FindCapability(PciFunction.CapabilityVendor, 0); cap != 0; cap = function.FindCapability(PciFunction.CapabilityVendor, cap))
            {
                byte type = function.Read8(cap + 3);
                int bar = function.Read8(cap + 4);
                uint offset = function.Read32(cap + 8);
                uint length = function.Read32(cap + 12);
                if (bar > 5 || !function.Bars[bar].IsPresent || (ulong)offset + length > function.Bars[bar].Size)
                {
                    continue;
                }

                byte* registers = transport.MapBar(bar);
                if (registers == null)
                {
                    continue;
                }

                // The first capability of each type that the driver can use wins (4.1.4, "should use the first").
                switch (type)
                {
                    case VIRTIO_PCI_CAP_COMMON_CFG when transport._common == null:
                        transport._common = registers + offset;
                        break;
                    case VIRTIO_PCI_CAP_NOTIFY_CFG when transport._notify == null:
                        transport._notify = registers + offset;
                        transport._notifyMultiplier = function.Read32(cap + 16);
                        break;
                    case VIRTIO_PCI_CAP_DEVICE_CFG when transport._device == null:
                        transport._device = registers + offset;
                        transport._deviceLength = length;
                        break;
                    case VIRTIO_PCI_CAP_ISR_CFG:
                        break;
                }
            }

            return transport._common != null && transport._notify != null ? transport : null;
        }

        public override byte GetStatus() => Cpu.ReadMmio8(_common + DeviceStatus);

        public override void SetStatus(byte status)
        {
            Cpu.WriteMmio8(_common + DeviceStatus, status);
            if (status == 0)
            {
                // Reset completes when the device reads back 0 (4.1.4.3.2).
                for (int spin = 0; spin < 1_000_000 && Cpu.ReadMmio8(_common + DeviceStatus) != 0; spin++)
                {
                }
            }
        }

        public int QueueCount => Cpu.ReadMmio16(_common + NumQueues);

        public override int QueueMaximum(int queue)
        {
            if (queue >= QueueCount)
            {
                return 0;
            }

            Cpu.WriteMmio16(_common + QueueSelect, (ushort)queue);
            return Cpu.ReadMmio16(_common + QueueSize);
        }

        public override bool ActivateQueue(int queue, int size, ulong ringPhysical, ushort msixEntry)
        {
            if (queue >= _notifyOffsets.Length || queue >= QueueCount)
            {
                return false;
            }

            Cpu.WriteMmio16(_common + QueueSelect, (ushort)queue);
            Cpu.WriteMmio16(_common + QueueSize, (ushort)size);
            Cpu.WriteMmio16(_common + QueueMsixVector, msixEntry);
            if (Cpu.ReadMmio16(_common + QueueMsixVector) != msixEntry)
            {
                return false;
            }

            Write64(QueueDesc, ringPhysical + (ulong)Kiln.Devices.VirtqueueLayout.DescriptorTableOffset);
            Write64(QueueDriver, ringPhysical + (ulong)Kiln.Devices.VirtqueueLayout.AvailableRingOffset(size));
            Write64(QueueDevice, ringPhysical + (ulong)Kiln.Devices.VirtqueueLayout.UsedRingOffset(size));
            _notifyOffsets[queue] = Cpu.ReadMmio16(_common + QueueNotifyOff);
            Cpu.WriteMmio16(_common + QueueEnable, 1);
            return true;
        }

        public override void Notify(int queue) =>
            Cpu.WriteMmio16(_notify + ((ulong)_notifyOffsets[queue] * _notifyMultiplier), (ushort)queue);

        public override byte ReadConfig8(int offset) => InDevice(offset, 1) ? Cpu.ReadMmio8(_device + offset) : (byte)0;

        public override ushort ReadConfig16(int offset) => InDevice(offset, 2) ? Cpu.ReadMmio16(_device + offset) : (ushort)0;

        public override uint ReadConfig32(int offset) => InDevice(offset, 4) ? Cpu.ReadMmio32(_device + offset) : 0;

        public override void WriteConfig32(int offset, uint value)
        {
            if (InDevice(offset, 4))
            {
                Cpu.WriteMmio32(_device + offset, value);
            }
        }

        public override ulong ReadConfig64(int offset)
        {
            ulong value;
            byte generation;
            do
            {
                generation = Cpu.ReadMmio8(_common + ConfigGeneration);
                value = base.ReadConfig64(offset);
            }
            while (generation != Cpu.ReadMmio8(_common + ConfigGeneration));
            return value;
        }

        protected override ulong ReadDeviceFeatures()
        {
            Cpu.WriteMmio32(_common + DeviceFeatureSelect, 0);
            uint low = Cpu.ReadMmio32(_common + DeviceFeature);
            Cpu.WriteMmio32(_common + DeviceFeatureSelect, 1);
            uint high = Cpu.ReadMmio32(_common + DeviceFeature);
            return ((ulong)high << 32) | low;
        }

        protected override void WriteDriverFeatures(ulong features)
        {
            Cpu.WriteMmio32(_common + DriverFeatureSelect, 0);
            Cpu.WriteMmio32(_common + DriverFeature, (uint)features);
            Cpu.WriteMmio32(_common + DriverFeatureSelect, 1);
            Cpu.WriteMmio32(_common + DriverFeature, (uint)(features >> 32));
        }

        protected override bool SetConfigurationVector(ushort msixEntry)
        {
            Cpu.WriteMmio16(_common + MsixConfig, msixEntry);
            return Cpu.ReadMmio16(_common + MsixConfig) == msixEntry;
        }

        private bool InDevice(int offset, int width) => _device != null && offset >= 0 && (uint)(offset + width) <= _deviceLength;

        private byte* MapBar(int bar)
        {
            if (_bars[bar] == 0)
            {
                _bars[bar] = (ulong)Function.MapBar(bar);
            }

            return (byte*)_bars[bar];
        }

        // 64-bit fields are written as two 32-bit halves, low first (4.1.3.1).
        private void Write64(int offset, ulong value)
        {
            Cpu.WriteMmio32(_common + offset, (uint)value);
            Cpu.WriteMmio32(_common + offset + 4, (uint)(value >> 32));
        }
    }
}
