// Finds every PCI function: a depth-first scan from bus 0 through PCI-to-PCI bridges (PCI-to-PCI Bridge 1.2, 3.2.5),
// decoding each function's BARs. A BAR the firmware left at 0 (qboot assigns none) gets an address here: memory
// BARs from the 32-bit hole above q35's ECAM window (0xC0000000 up to the IOAPIC at 0xFEC00000), I/O BARs from
// 0xC000 up, each aligned to its size, above anything the firmware did assign.
using Kiln.Devices;
using Kiln.Kernel.Console;

namespace Kiln.Kernel.Devices.Pci
{
    internal static unsafe class PciBus
    {
        private const int MaxFunctions = 256;
        private const ulong MemoryWindowStart = 0xC000_0000;
        private const ulong MemoryWindowEnd = 0xFEC0_0000;
        private const ulong IoWindowStart = 0xC000;
        private const ulong IoWindowEnd = 0x1_0000;
        private const byte ClassBridge = 0x06;
        private const byte SubclassPciBridge = 0x04;
        private const int OffsetSecondaryBus = 0x19;

        private static PciFunction[] s_functions;
        private static ulong s_nextMemory;
        private static ulong s_nextIo;

        public static int Count { get; private set; }

        public static PciFunction Get(int index) => s_functions[index];

        /// <summary>Scans the buses once; later calls do nothing.</summary>
        public static void Enumerate()
        {
            if (s_functions != null)
            {
                return;
            }

            s_functions = new PciFunction[MaxFunctions];
            bool* visited = stackalloc bool[256];
            ScanBus(0, visited);

            s_nextMemory = MemoryWindowStart;
            s_nextIo = IoWindowStart;
            for (int i = 0; i < Count; i++)
            {
                PciBar[] bars = s_functions[i].Bars;
                for (int b = 0; b < bars.Length; b++)
                {
                    PciBar bar = bars[b];
                    if (!bar.IsPresent || bar.Address == 0)
                    {
                        continue;
                    }

                    if (bar.Kind == PciBarKind.Io && bar.Address + bar.Size > s_nextIo && bar.Address < IoWindowEnd)
                    {
                        s_nextIo = bar.Address + bar.Size;
                    }
                    else if (bar.Kind != PciBarKind.Io && bar.Address + bar.Size > s_nextMemory && bar.Address < MemoryWindowEnd)
                    {
                        s_nextMemory = bar.Address + bar.Size;
                    }
                }
            }

            for (int i = 0; i < Count; i++)
            {
                AssignBars(s_functions[i]);
            }
        }

        private static void ScanBus(int bus, bool* visited)
        {
            visited[bus] = true;
            for (int device = 0; device < 32; device++)
            {
                if (PciConfigSpace.Read16(bus, device, 0, PciFunction.OffsetVendorId) == 0xFFFF)
                {
                    continue;
                }

                bool multiFunction = (PciConfigSpace.Read8(bus, device, 0, PciFunction.OffsetHeaderType) & 0x80) != 0;
                for (int function = 0; function < (multiFunction ? 8 : 1); function++)
                {
                    if (PciConfigSpace.Read16(bus, device, function, PciFunction.OffsetVendorId) == 0xFFFF || Count == MaxFunctions)
                    {
                        continue;
                    }

                    PciFunction found = new PciFunction(bus, device, function);
                    s_functions[Count++] = found;
                    if (found.HeaderType == 0)
                    {
                        ProbeBars(found);
                    }
                    else if (found.ClassCode == ClassBridge && found.Subclass == SubclassPciBridge)
                    {
                        int secondary = found.Read8(OffsetSecondaryBus);
                        if (secondary != 0 && !visited[secondary])
                        {
                            ScanBus(secondary, visited);
                        }
                    }
                }
            }
        }

        // Sizes each BAR with decoding off, so that the all-ones probe never claims addresses on the bus.
        private static void ProbeBars(PciFunction function)
        {
            ushort command = function.Read16(PciFunction.OffsetCommand);
            function.Write16(PciFunction.OffsetCommand, (ushort)(command & ~(PciFunction.CommandIo | PciFunction.CommandMemory)));
            for (int index = 0; index < 6; index++)
            {
                int offset = PciFunction.OffsetBar0 + (index * 4);
                uint low = function.Read32(offset);
                function.Write32(offset, 0xFFFF_FFFF);
                uint lowMask = function.Read32(offset);
                function.Write32(offset, low);

                uint high = 0;
                uint highMask = 0;
                bool wide = PciBar.Is64Bit(low) && index < 5;
                if (wide)
                {
                    high = function.Read32(offset + 4);
                    function.Write32(offset + 4, 0xFFFF_FFFF);
                    highMask = function.Read32(offset + 4);
                    function.Write32(offset + 4, high);
                }

                function.Bars[index] = PciBar.Decode(low, high, lowMask, highMask);
                if (wide)
                {
                    index++;
                }
            }

            function.Write16(PciFunction.OffsetCommand, command);
        }

        private static void AssignBars(PciFunction function)
        {
            for (int index = 0; index < 6; index++)
            {
                PciBar bar = function.Bars[index];
                if (!bar.IsPresent || bar.Address != 0)
                {
                    continue;
                }

                bool io = bar.Kind == PciBarKind.Io;
                ulong next = io ? s_nextIo : s_nextMemory;
                ulong address = (next + bar.Size - 1) & ~(bar.Size - 1);
                if (address + bar.Size > (io ? IoWindowEnd : MemoryWindowEnd))
                {
                    KernelLog.WriteLine("kiln: pci: no room for a BAR; the device stays off");
                    continue;
                }

                int offset = PciFunction.OffsetBar0 + (index * 4);
                uint flags = function.Read32(offset) & (io ? 0x3u : 0xFu);
                function.Write32(offset, (uint)address | flags);
                if (bar.Kind == PciBarKind.Memory64)
                {
                    function.Write32(offset + 4, (uint)(address >> 32));
                }

                function.Bars[index] = new PciBar(bar.Kind, address, bar.Size, bar.Prefetchable);
                if (io)
                {
                    s_nextIo = address + bar.Size;
                }
                else
                {
                    s_nextMemory = address + bar.Size;
                }
            }
        }
    }
}
