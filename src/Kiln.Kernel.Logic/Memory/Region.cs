// One mapped range of the program's address space: [Start, End), page-aligned, with its protection and kind.
namespace Kiln.Memory
{
    public struct Region
    {
        public ulong Start;
        public ulong End;
        public RegionProtection Protection;
        public RegionKind Kind;

        public Region(ulong start, ulong end, RegionProtection protection, RegionKind kind)
        {
            Start = start;
            End = end;
            Protection = protection;
            Kind = kind;
        }

        public ulong Length => End - Start;

        public bool Contains(ulong address) => address >= Start && address < End;
    }
}
