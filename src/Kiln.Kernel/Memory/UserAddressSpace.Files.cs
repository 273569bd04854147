// File pages of the address space, mapped on first touch from the file's page cache. A private mapping gets a copy
// of the cached page (copy on access: the program's writes never reach the file, and later writes to the file are not
// seen once the page is copied, as POSIX allows). A shared mapping maps the cache's frame itself, marked Borrowed; it
// is mapped read-only until the program writes, and that write fault marks the page dirty in the cache, so msync and
// fsync find it (msync write-protects the page again after writing it back). A page wholly past the end of the file
// cannot be mapped: the access is a SIGBUS, as on Linux; the tail of the last page reads as zeros.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Vfs;
using Kiln.Memory;

namespace Kiln.Kernel.Memory
{
    internal static unsafe partial class UserAddressSpace
    {
        /// <summary>
        /// Maps the file page of <paramref name="region"/> holding <paramref name="address"/>; <paramref name="write"/>
        /// when the access is a write. False when the page lies past the end of the file or memory ran out.
        /// </summary>
        public static bool PopulateFile(ulong address, Region region, bool write)
        {
            ulong page = Layout.PageDown(address);
            MappedFile file = FileOf(region);
            Inode inode = file.Inode;
            ulong offset = region.OffsetOf(page);
            if (IsPastEndOfFile(inode, offset) || inode.Pages == null)
            {
                return false;
            }

            ulong index = offset / Layout.PageSize;
            ulong cached = inode.Pages.Get(inode, index, out int _);
            if (cached == 0)
            {
                return false;
            }

            if (region.Shared)
            {
                ulong flags = FlagsFor(region.Protection) | PageTables.Borrowed;
                if (write)
                {
                    inode.Pages.MarkDirty(index);
                }
                else
                {
                    flags &= ~PageTables.Writable;
                }

                return MapFrame(page, cached, flags);
            }

            ulong frame = PhysicalMemory.AllocatePage();
            if (frame == 0)
            {
                return false;
            }

            byte* copy = (byte*)Layout.ToVirtual(frame);
            Cpu.CopyMemory(copy, Layout.ToVirtual(cached), (nuint)Layout.PageSize);
            ulong size = (ulong)inode.Size;
            if (offset + Layout.PageSize > size)
            {
                // The last page of the file: what lies past its end reads as zeros, whatever the cache page holds there.
                ulong valid = size - offset;
                Cpu.FillMemory(copy + valid, 0, (nuint)(Layout.PageSize - valid));
            }

            if (!MapFrame(page, frame, FlagsFor(region.Protection)))
            {
                PhysicalMemory.FreePage(frame);
                return false;
            }

            return true;
        }

        /// <summary>
        /// A write to a shared file page mapped read-only (clean): marks it dirty in the page cache and lets the program
        /// write. False when the page at <paramref name="address"/> is not such a page.
        /// </summary>
        public static bool MakeSharedPageWritable(ulong address, Region region)
        {
            ulong page = Layout.PageDown(address);
            ulong entry = PageTables.Lookup(page);
            if (!region.Shared || !region.IsFile || (entry & PageTables.Borrowed) == 0
                || (region.Protection & RegionProtection.Write) == 0)
            {
                return false;
            }

            MappedFile file = FileOf(region);
            file.Inode.Pages.MarkDirty(region.OffsetOf(page) / Layout.PageSize);
            return PageTables.ProtectUser(page, FlagsFor(region.Protection), accessible: true);
        }

        /// <summary>True when <paramref name="address"/> is in a file region but past the file's last page (a SIGBUS).</summary>
        public static bool IsPastEndOfFile(ulong address)
        {
            return s_regions.TryFind(address, out Region region) && region.IsFile
                && IsPastEndOfFile(FileOf(region).Inode, region.OffsetOf(Layout.PageDown(address)));
        }

        /// <summary>
        /// Write-protects the shared file pages of [start, end) that the program wrote (they are dirty in the cache
        /// already), so that a write after the coming write-back faults and marks them dirty again.
        /// </summary>
        public static void WriteProtectSharedPages(ulong start, ulong end, Region region)
        {
            for (ulong page = start; page < end; page += Layout.PageSize)
            {
                ulong entry = PageTables.Lookup(page);
                if ((entry & PageTables.Present) != 0 && (entry & PageTables.Borrowed) != 0 && (entry & PageTables.Writable) != 0)
                {
                    PageTables.ProtectUser(page, FlagsFor(region.Protection) & ~PageTables.Writable, accessible: true);
                }
            }
        }

        /// <summary>
        /// mincore's answer for one page: mapped in the page tables, or (for a file page not touched yet) held in the
        /// file's page cache.
        /// </summary>
        public static bool IsResident(ulong page, Region region)
        {
            if ((PageTables.Lookup(page) & PageTables.Present) != 0)
            {
                return true;
            }

            if (!region.IsFile)
            {
                return false;
            }

            Inode inode = FileOf(region).Inode;
            return inode.Pages != null && inode.Pages.Find(region.OffsetOf(page) / Layout.PageSize) != 0;
        }

        private static bool IsPastEndOfFile(Inode inode, ulong offset) => offset >= Layout.PageUp((ulong)inode.Size);
    }
}
