// The program's half of the address space: the region map says what may be there, the page tables say what is.
// Anonymous memory and file pages are mapped on first touch (UserFaults, UserAddressSpace.Files.cs); unmapping and
// protection changes update both. Regions can be listed in address order (Count, RegionAt) for /proc/self/maps.
using Kiln.Memory;

namespace Kiln.Kernel.Memory
{
    internal static unsafe partial class UserAddressSpace
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

        public static void Initialize() => s_regions = new RegionMap(RegionCapacity, new MappedFileTracker());

        /// <summary>How many regions the address space has, for listing them in address order with RegionAt.</summary>
        public static int Count => s_regions.Count;

        /// <summary>Region <paramref name="index"/> (0 = lowest address); a file region's Backing is a MappedFile.</summary>
        public static Region RegionAt(int index) => s_regions[index];

        /// <summary>The file behind a region, or null for anonymous memory.</summary>
        public static MappedFile FileOf(Region region) => region.Backing as MappedFile;

        public static bool IsUserRange(ulong start, ulong length) =>
            start < Layout.UserEnd && length <= Layout.UserEnd - start;

        /// <summary>Records a region over free space; pages appear on first touch.</summary>
        public static bool Reserve(ulong start, ulong end, RegionProtection protection, RegionKind kind) =>
            s_regions.Insert(new Region(start, end, protection, kind));

        /// <summary>Records a region (anonymous or a file mapping) over free space; pages appear on first touch.</summary>
        public static bool Reserve(Region region) => s_regions.Insert(region);

        /// <summary>Unmaps [start, end): frees any pages present and forgets the regions.</summary>
        public static bool Release(ulong start, ulong end)
        {
            // Forgetting a file region may give back the last reference on its inode and free the page cache's frames
            // that shared pages still map; nothing runs before DropPages unmaps them, which leaves borrowed frames alone.
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
                    entry = PageTables.UnmapUserEntry(from + offset);
                    s_regions.TryFind(to + offset, out Region target);
                    PageTables.MapUser(to + offset, PageTables.FrameOf(entry), MovedFlags(entry, target.Protection));
                }
            }
        }

        /// <summary>Frees the pages present in [start, end) but keeps the regions: the next touch maps zeros.</summary>
        public static void DropPages(ulong start, ulong end)
        {
            for (ulong address = start; address < end; address += Layout.PageSize)
            {
                ulong entry = PageTables.UnmapUserEntry(address);
                ulong frame = PageTables.FrameOf(entry);
                if (entry == 0 || frame == KernelOwnedFrame)
                {
                    continue;
                }

                // A shared file page's frame is the page cache's: the mapping goes, the frame stays.
                if ((entry & PageTables.Borrowed) == 0)
                {
                    PhysicalMemory.FreePage(frame);
                }

                ResidentPages--;
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
                // PROT_NONE keeps a page's frame and contents but takes the user bit away, so any access faults. A shared
                // file page stays read-only: the first write faults and marks the page dirty in the cache.
                ulong flags = FlagsFor(protection);
                if ((PageTables.Lookup(address) & PageTables.Borrowed) != 0)
                {
                    flags &= ~PageTables.Writable;
                }

                PageTables.ProtectUser(address, flags, protection != RegionProtection.None);
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

            if (!MapFrame(address, frame, FlagsFor(protection)))
            {
                PhysicalMemory.FreePage(frame);
                return false;
            }

            return true;
        }

        // Maps a frame the fault resolver prepared and counts it in the resident set.
        private static bool MapFrame(ulong address, ulong frame, ulong flags)
        {
            if (!PageTables.MapUser(Layout.PageDown(address), frame, flags))
            {
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

        // A moved page keeps its Borrowed mark, and a shared file page its read-only state until a write fault.
        private static ulong MovedFlags(ulong entry, RegionProtection protection)
        {
            ulong flags = FlagsFor(protection);
            if ((entry & PageTables.Borrowed) != 0)
            {
                flags |= PageTables.Borrowed;
                if ((entry & PageTables.Writable) == 0)
                {
                    flags &= ~PageTables.Writable;
                }
            }

            return flags;
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
