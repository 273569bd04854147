// MSI-X (PCI Local Bus 3.0, 6.8.2): a function's table of interrupt messages in one of its memory BARs. Each entry
// used here is a write to the local APIC's address window (0xFEE00000 | destination APIC id << 12, Intel SDM vol. 3A,
// 11.11.1) with the vector as data: fixed delivery, edge-triggered, to the boot CPU.
using Kiln.Kernel.Arch.X86_64;

namespace Kiln.Kernel.Devices.Pci
{
    // SAFETY: _table points at the MSI-X table mapped uncached by PciFunction.MapBar, which covers the whole BAR; every
    // entry touched is below TableSize, read from the capability, and each access is one aligned 32-bit MMIO access.
    internal sealed unsafe class MsiX
    {
        private const int OffsetControl = 2;
        private const int OffsetTable = 4;
        private const ushort ControlEnable = 1 << 15;
        private const ushort ControlFunctionMask = 1 << 14;
        private const int EntrySize = 16;
        private const uint VectorMasked = 1;
        private const uint ApicMessageAddress = 0xFEE0_0000;

        private readonly PciFunction _function;
        private readonly int _capability;
        private readonly byte* _table;

        private MsiX(PciFunction function, int capability, byte* table, int tableSize)
        {
            _function = function;
            _capability = capability;
            _table = table;
            TableSize = tableSize;
        }

        public int TableSize { get; }

        /// <summary>The function's MSI-X table, mapped and with every entry masked; null when it has none.</summary>
        public static MsiX Open(PciFunction function)
        {
            int capability = function.FindCapability(PciFunction.CapabilityMsiX, 0);
            if (capability == 0)
            {
                return null;
            }

            ushort control = function.Read16(capability + OffsetControl);
            uint tableLocation = function.Read32(capability + OffsetTable);
            byte* bar = function.MapBar((int)(tableLocation & 0x7));
            if (bar == null)
            {
                return null;
            }

            MsiX msix = new MsiX(function, capability, bar + (tableLocation & ~0x7u), (control & 0x7FF) + 1);
            for (int entry = 0; entry < msix.TableSize; entry++)
            {
                Cpu.WriteMmio32(msix.Entry(entry) + 12, VectorMasked);
            }

            return msix;
        }

        /// <summary>Points table entry <paramref name="entry"/> at <paramref name="vector"/> on the boot CPU and unmasks it.</summary>
        public bool Route(int entry, byte vector)
        {
            if (entry < 0 || entry >= TableSize)
            {
                return false;
            }

            byte* slot = Entry(entry);
            Cpu.WriteMmio32(slot, ApicMessageAddress | (BootApicId() << 12));
            Cpu.WriteMmio32(slot + 4, 0);
            Cpu.WriteMmio32(slot + 8, vector);
            Cpu.WriteMmio32(slot + 12, 0);
            return true;
        }

        /// <summary>Turns MSI-X on for the function (which also turns its INTx pin off).</summary>
        public void Enable()
        {
            ushort control = _function.Read16(_capability + OffsetControl);
            _function.Write16(_capability + OffsetControl, (ushort)((control | ControlEnable) & ~ControlFunctionMask));
        }

        private byte* Entry(int entry) => _table + (entry * EntrySize);

        // The boot CPU's initial APIC id, CPUID leaf 1, EBX bits 31:24 (Intel SDM vol. 2A, CPUID).
        private static uint BootApicId()
        {
            uint* registers = stackalloc uint[4];
            Cpu.CpuId(1, 0, registers);
            return registers[1] >> 24;
        }
    }
}
