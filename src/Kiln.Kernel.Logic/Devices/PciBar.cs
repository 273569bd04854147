// One decoded PCI base address register: its kind, where it sits and how large it is. The size comes from the
// standard probe (PCI Local Bus 3.0, 6.2.5.1): write all ones, read back the mask of writable address bits; the
// size is the two's complement of that mask. A 64-bit memory BAR takes the next register as its upper half.
namespace Kiln.Devices
{
    public readonly struct PciBar
    {
        public const uint IoSpace = 0x1;
        public const uint TypeMask = 0x6;
        public const uint Type64 = 0x4;
        public const uint PrefetchableBit = 0x8;

        public PciBar(PciBarKind kind, ulong address, ulong size, bool prefetchable)
        {
            Kind = kind;
            Address = address;
            Size = size;
            Prefetchable = prefetchable;
        }

        public PciBarKind Kind { get; }

        /// <summary>The bus address the BAR decodes (0 when the firmware left it unassigned).</summary>
        public ulong Address { get; }

        public ulong Size { get; }

        public bool Prefetchable { get; }

        public bool IsPresent => Kind != PciBarKind.None && Size != 0;

        /// <summary>True when <paramref name="low"/>, a BAR's first register, announces a 64-bit memory BAR.</summary>
        public static bool Is64Bit(uint low) => (low & IoSpace) == 0 && (low & TypeMask) == Type64;

        /// <summary>
        /// Decodes a BAR from its value (<paramref name="low"/>, and <paramref name="high"/> for a 64-bit BAR) and
        /// the values read back after writing all ones (<paramref name="lowMask"/>, <paramref name="highMask"/>).
        /// </summary>
        public static PciBar Decode(uint low, uint high, uint lowMask, uint highMask)
        {
            if ((low & IoSpace) != 0)
            {
                // I/O BARs decode 16 bits of port address on x86; the upper half of the mask may read as zero.
                uint ioMask = lowMask & 0xFFFCu;
                if (ioMask == 0)
                {
                    return new PciBar(PciBarKind.None, 0, 0, false);
                }

                return new PciBar(PciBarKind.Io, low & 0xFFFCu, (ulong)((~(ioMask | 0xFFFF0000u)) + 1), false);
            }

            bool prefetchable = (low & PrefetchableBit) != 0;
            if ((low & TypeMask) == Type64)
            {
                ulong mask = ((ulong)highMask << 32) | (lowMask & ~0xFu);
                ulong size = mask == 0 ? 0 : ~mask + 1;
                ulong address = ((ulong)high << 32) | (low & ~0xFu);
                return size == 0 ? new PciBar(PciBarKind.None, 0, 0, false) : new PciBar(PciBarKind.Memory64, address, size, prefetchable);
            }

            uint mask32 = lowMask & ~0xFu;
            ulong size32 = mask32 == 0 ? 0 : (ulong)(~mask32 + 1);
            return size32 == 0 ? new PciBar(PciBarKind.None, 0, 0, false) : new PciBar(PciBarKind.Memory32, low & ~0xFu, size32, prefetchable);
        }
    }
}
