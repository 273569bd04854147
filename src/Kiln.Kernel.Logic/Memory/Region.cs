// One mapped range of the program's address space: [Start, End), page-aligned, with its protection and kind, and for
// a file mapping the file behind it, the file offset of Start and whether writes reach the file (MAP_SHARED).
#nullable disable

namespace Kiln.Memory
{
    public struct Region
    {
        public ulong Start;
        public ulong End;
        public RegionProtection Protection;
        public RegionKind Kind;

        /// <summary>The file behind a file mapping (the kernel's inode), or null for anonymous memory.</summary>
        public object Backing;

        /// <summary>The file offset that Start maps (page-aligned); meaningless without a backing.</summary>
        public ulong Offset;

        /// <summary>MAP_SHARED: the pages are the file's own and writes reach it; otherwise the pages are private copies.</summary>
        public bool Shared;

        public Region(ulong start, ulong end, RegionProtection protection, RegionKind kind)
        {
            Start = start;
            End = end;
            Protection = protection;
            Kind = kind;
            Backing = null;
            Offset = 0;
            Shared = false;
        }

        /// <summary>A file mapping of <paramref name="backing"/> from file offset <paramref name="offset"/>.</summary>
        public Region(ulong start, ulong end, RegionProtection protection, RegionKind kind, object backing, ulong offset, bool shared)
        {
            Start = start;
            End = end;
            Protection = protection;
            Kind = kind;
            Backing = backing;
            Offset = offset;
            Shared = shared;
        }

        public ulong Length => End - Start;

        public bool IsFile => Backing != null;

        public bool Contains(ulong address) => address >= Start && address < End;

        /// <summary>The file offset mapped at <paramref name="address"/> (which the region contains).</summary>
        public ulong OffsetOf(ulong address) => Offset + (address - Start);

        /// <summary>The part [start, end) of this region, with the file offset moved along.</summary>
        public Region Slice(ulong start, ulong end)
        {
            Region part = this;
            part.Start = start;
            part.End = end;
            if (Backing != null)
            {
                part.Offset = Offset + (start - Start);
            }

            return part;
        }
    }
}
