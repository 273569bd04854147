// One PCI function found by the bus scan: its identity, its decoded BARs (assigned by the firmware or by PciBus),
// and access to its configuration space and capability list (PCI Local Bus 3.0, 6.7).
using Kiln.Devices;
using Kiln.Kernel.Memory;

namespace Kiln.Kernel.Devices.Pci
{
    internal sealed unsafe class PciFunction
    {
        public const int OffsetVendorId = 0x00;
        public const int OffsetDeviceId = 0x02;
        public const int OffsetCommand = 0x04;
        public const int OffsetStatus = 0x06;
        public const int OffsetRevision = 0x08;
        public const int OffsetHeaderType = 0x0E;
        public const int OffsetBar0 = 0x10;
        public const int OffsetSubsystemId = 0x2E;
        public const int OffsetCapabilities = 0x34;

        public const ushort CommandIo = 1 << 0;
        public const ushort CommandMemory = 1 << 1;
        public const ushort CommandBusMaster = 1 << 2;
        public const ushort CommandInterruptDisable = 1 << 10;
        private const ushort StatusCapabilities = 1 << 4;

        public const byte CapabilityMsiX = 0x11;
        public const byte CapabilityVendor = 0x09;

        public readonly int Bus;
        public readonly int Device;
        public readonly int Function;
        public readonly ushort VendorId;
        public readonly ushort DeviceId;
        public readonly byte ClassCode;
        public readonly byte Subclass;
        public readonly byte HeaderType;

        /// <summary>The six BARs of a type-0 header (a 64-bit BAR fills its slot; the next slot is None).</summary>
        public readonly PciBar[] Bars = new PciBar[6];

        public PciFunction(int bus, int device, int function)
        {
            Bus = bus;
            Device = device;
            Function = function;
            VendorId = Read16(OffsetVendorId);
            DeviceId = Read16(OffsetDeviceId);
            uint classWord = Read32(OffsetRevision);
            ClassCode = (byte)(classWord >> 24);
            Subclass = (byte)(classWord >> 16);
            HeaderType = (byte)(Read8(OffsetHeaderType) & 0x7F);
        }

        public ushort SubsystemId => Read16(OffsetSubsystemId);

        public uint Read32(int offset) => PciConfigSpace.Read32(Bus, Device, Function, offset);

        public ushort Read16(int offset) => PciConfigSpace.Read16(Bus, Device, Function, offset);

        public byte Read8(int offset) => PciConfigSpace.Read8(Bus, Device, Function, offset);

        public void Write32(int offset, uint value) => PciConfigSpace.Write32(Bus, Device, Function, offset, value);

        public void Write16(int offset, ushort value) => PciConfigSpace.Write16(Bus, Device, Function, offset, value);

        /// <summary>
        /// The config-space offset of the first capability with <paramref name="id"/> after the one at
        /// <paramref name="after"/> (0: from the start of the list), or 0 when there is none.
        /// </summary>
        public int FindCapability(byte id, int after)
        {
            if ((Read16(OffsetStatus) & StatusCapabilities) == 0)
            {
                return 0;
            }

            int offset = after == 0 ? Read8(OffsetCapabilities) & 0xFC : Read8(after + 1) & 0xFC;

            // A well-formed list has at most 48 entries in 256 bytes; the bound guards against a looping list.
            for (int guard = 0; offset >= 0x40 && guard < 48; guard++)
            {
                if (Read8(offset) == id)
                {
                    return offset;
                }

                offset = Read8(offset + 1) & 0xFC;
            }

            return 0;
        }

        /// <summary>Turns on memory and I/O decoding and bus mastering (DMA), and masks the legacy INTx pin.</summary>
        public void Enable()
        {
            ushort command = Read16(OffsetCommand);
            command |= CommandBusMaster | CommandInterruptDisable;
            for (int i = 0; i < Bars.Length; i++)
            {
                if (Bars[i].Kind == PciBarKind.Io)
                {
                    command |= CommandIo;
                }
                else if (Bars[i].IsPresent)
                {
                    command |= CommandMemory;
                }
            }

            Write16(OffsetCommand, command);
        }

        /// <summary>Maps a memory BAR's registers uncached; null when the BAR is not memory or cannot be mapped.</summary>
        public byte* MapBar(int index)
        {
            if (index < 0 || index >= Bars.Length)
            {
                return null;
            }

            PciBar bar = Bars[index];
            if ((bar.Kind != PciBarKind.Memory32 && bar.Kind != PciBarKind.Memory64) || bar.Address == 0)
            {
                return null;
            }

            return (byte*)PageTables.MapDevice(bar.Address, bar.Size);
        }
    }
}
