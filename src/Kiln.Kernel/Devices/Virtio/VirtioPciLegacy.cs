// The legacy virtio-pci transport (virtio 1.2, 4.1.4.8 "Legacy Interfaces: A Note on PCI Device Layout"): registers
// in I/O BAR 0, 32 feature bits, queues given by page frame number with the fixed legacy ring layout, and a
// device-specific configuration that starts at 0x14, or at 0x18 once MSI-X is enabled.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Devices.Pci;

namespace Kiln.Kernel.Devices.Virtio
{
    internal sealed class VirtioPciLegacy : VirtioTransport
    {
        private const int HostFeatures = 0x00;
        private const int GuestFeatures = 0x04;
        private const int QueueAddress = 0x08;
        private const int QueueSize = 0x0C;
        private const int QueueSelect = 0x0E;
        private const int QueueNotify = 0x10;
        private const int DeviceStatus = 0x12;
        private const int ConfigVector = 0x14;
        private const int QueueVector = 0x16;
        private const int ConfigWithoutMsiX = 0x14;
        private const int ConfigWithMsiX = 0x18;
        private const int PageShift = 12;

        private readonly ushort _base;
        private int _config = ConfigWithoutMsiX;

        private VirtioPciLegacy(PciFunction function, ushort ioBase)
            : base(function)
        {
            _base = ioBase;
        }

        public override bool IsLegacy => true;

        public override string Name => "legacy";

        /// <summary>The legacy transport of <paramref name="function"/>, or null when BAR 0 is not an I/O BAR.</summary>
        public static VirtioPciLegacy Open(PciFunction function)
        {
            Kiln.Devices.PciBar bar = function.Bars[0];
            if (bar.Kind != Kiln.Devices.PciBarKind.Io || bar.Address == 0 || bar.Size < 0x18)
            {
                return null;
            }

            return new VirtioPciLegacy(function, (ushort)bar.Address);
        }

        public override byte GetStatus() => Cpu.InByte(Port(DeviceStatus));

        public override void SetStatus(byte status) => Cpu.OutByte(Port(DeviceStatus), status);

        public override int QueueMaximum(int queue)
        {
            Cpu.OutWord(Port(QueueSelect), (ushort)queue);
            return Cpu.InWord(Port(QueueSize));
        }

        public override bool ActivateQueue(int queue, int size, ulong ringPhysical, ushort msixEntry)
        {
            Cpu.OutWord(Port(QueueSelect), (ushort)queue);
            if (Cpu.InWord(Port(QueueSize)) != size || (ringPhysical >> PageShift) > uint.MaxValue)
            {
                return false;
            }

            if (Interrupts != null)
            {
                Cpu.OutWord(Port(QueueVector), msixEntry);
                if (Cpu.InWord(Port(QueueVector)) != msixEntry)
                {
                    return false;
                }
            }

            Cpu.OutDword(Port(QueueAddress), (uint)(ringPhysical >> PageShift));
            return true;
        }

        public override void Notify(int queue) => Cpu.OutWord(Port(QueueNotify), (ushort)queue);

        public override byte ReadConfig8(int offset) => Cpu.InByte(Port(_config + offset));

        public override ushort ReadConfig16(int offset) => Cpu.InWord(Port(_config + offset));

        public override uint ReadConfig32(int offset) => Cpu.InDword(Port(_config + offset));

        public override void WriteConfig32(int offset, uint value) => Cpu.OutDword(Port(_config + offset), value);

        protected override ulong ReadDeviceFeatures() => Cpu.InDword(Port(HostFeatures));

        protected override void WriteDriverFeatures(ulong features) => Cpu.OutDword(Port(GuestFeatures), (uint)features);

        protected override bool SetConfigurationVector(ushort msixEntry)
        {
            Cpu.OutWord(Port(ConfigVector), msixEntry);
            return Cpu.InWord(Port(ConfigVector)) == msixEntry;
        }

        protected override void OnMsiXEnabled() => _config = ConfigWithMsiX;

        private ushort Port(int offset) => (ushort)(_base + offset);
    }
}
