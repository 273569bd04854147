// The program's half of the address space: the region map says what may be there, the page tables say what is.
// Anonymous memory is mapped on first touch (UserFaults); unmapping and protection changes update both.
using Kiln.Memory;

namespace Kiln.Kernel.Memory
{
    internal static unsafe class UserAddressSpace
    {
        private const int RegionCapacity = 4096;

        private static RegionMap s_regions;

        public static RegionMap Regions => s_regions;

        /// <summary>
        /// A frame the kernel keeps (the vDSO's data page) mapped into the program: unmapping it must not free it.
        /// </summary>
        public static ulong KernelOwnedFrame { get; set; }

        /// <summary>Anonymous pages the program has touched and not given back (its resident set, for getrusage).</summary>
        public static long ResidentPages { get; private set; }

        public static long PeakResidentPages { get; private set; }

        /// <summary>Pages mapped on first touch: the program's minor faults.</summary>
        public static long PagesFaultedIn { get; private set; }

        public static void Initialize() => s_regions = new RegionMap(RegionCapacity);

        public static bool IsUserRange(ulong start, ulong length) =>
            start < Layout.UserEnd && length <= Layout.UserEnd - start;

        /// <summary>Records a region over free space; pages appear on first touch.</summary>
        public static bool Reserve(ulong start, ulong end, RegionProtection protection, RegionKind kind) =>
            s_regions.Insert(new Region(start, end, protection, kind));

        /// <summary>Unmaps [start, end): frees any pages present and forgets the regions.</summary>
        public static bool Release(ulong start, ulong end)
        {
            if (!s_regions.Remove(start, end))
            {
                return false;
            }

            DropPages(start, end);
            return true;
        }

        /// <summary>Moves the pages present in [from, from+length) to the same offsets at <paramref name="to"/>.</summary>
        public static void MovePages(ulong from, ulong to, ulong length)
        {
            for (ulong offset = 0; offset < length; offset += Layout.PageSize)
            {
                ulong entry = PageTables.Lookup(from + offset);
                if ((entry & PageTables.Present) != 0)
                {
                    ulong frame = PageTables.UnmapUser(from + offset);
                    s_regions.TryFind(to + offset, out Region target);
                    PageTables.MapUser(to + offset, frame, FlagsFor(target.Protection));
                }
            }
        }

        /// <summary>Frees the pages present in [start, end) but keeps the regions: the next touch maps zeros.</summary>
        public static void DropPages(ulong start, ulong end)
        {
            for (ulong address = start; address < end; address += Layout.PageSize)
            {
                ulong frame = PageTables.UnmapUser(address);
                if (frame != 0 && frame != KernelOwnedFrame)
                {
                    PhysicalMemory.FreePage(frame);
                    ResidentPages--;
                }
            }
        }

        /// <summary>Changes [start, end)'s rights; false when part of the range is unmapped (mprotect's ENOMEM).</summary>
        public static bool Protect(ulong start, ulong end, RegionProtection protection)
        {
            if (!s_regions.Protect(start, end, protection))
            {
                return false;
            }

            for (ulong address = start; address < end; address += Layout.PageSize)
            {
                // PROT_NONE keeps a page's frame and contents but takes the user bit away, so any access faults.
                PageTables.ProtectUser(address, FlagsFor(protection), protection != RegionProtection.None);
            }

            return true;
        }

        /// <summary>Maps a zeroed page at <paramref name="address"/> with the rights of its region.</summary>
        public static bool Populate(ulong address, RegionProtection protection)
        {
            ulong frame = PhysicalMemory.AllocatePage();
            if (frame == 0)
            {
                return false;
            }

            if (!PageTables.MapUser(Layout.PageDown(address), frame, FlagsFor(protection)))
            {
                PhysicalMemory.FreePage(frame);
                return false;
            }

            PagesFaultedIn++;
            ResidentPages++;
            if (ResidentPages > PeakResidentPages)
            {
                PeakResidentPages = ResidentPages;
            }

            return true;
        }

        public static ulong FlagsFor(RegionProtection protection)
        {
            ulong flags = 0;
            if ((protection & RegionProtection.Write) != 0)
            {
                flags |= PageTables.Writable;
            }

            if ((protection & RegionProtection.Execute) == 0)
            {
                flags |= PageTables.NoExecute;
            }

            return flags;
        }
    }
}
