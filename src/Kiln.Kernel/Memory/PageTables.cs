// Four-level x86-64 page tables (Intel SDM vol. 3A, 4.5). One address space: the kernel's upper half (all RAM at the
// direct map, the kernel image with per-section rights) and the program's lower half, mapped page by page.
using System.Runtime;
using System.Runtime.CompilerServices;
using Kiln.Kernel.Arch.X86_64;

namespace Kiln.Kernel.Memory
{
    // SAFETY: table pages are reached through the direct map, which covers all RAM (the boot tables cover the first
    // 4 GiB until Initialize switches CR3, and PhysicalMemory allocates below 4 GiB until then).
    internal static unsafe class PageTables
    {
        public const ulong Present = 1UL << 0;
        public const ulong Writable = 1UL << 1;
        public const ulong User = 1UL << 2;
        public const ulong WriteThrough = 1UL << 3;
        public const ulong CacheDisable = 1UL << 4;
        public const ulong Huge = 1UL << 7;
        public const ulong Global = 1UL << 8;

        /// <summary>
        /// A bit the CPU ignores (SDM vol. 3A, table 4-19), set on a user page whose frame belongs to a file's page cache
        /// (a shared file mapping): unmapping it must leave the frame to the cache.
        /// </summary>
        public const ulong Borrowed = 1UL << 9;
        public const ulong NoExecute = 1UL << 63;
        private const ulong AddressMask = 0x000FFFFFFFFFF000;

        private const ulong Cr4Pge = 1UL << 7;
        private const ulong Cr4Smep = 1UL << 20;
        private const ulong Cr4Smap = 1UL << 21;

        private static ulong s_root;

        public static bool SmapEnabled { get; private set; }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__kernel_text_start")]
        private static extern void TextStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__kernel_rodata_start")]
        private static extern void RodataStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__kernel_data_start")]
        private static extern void DataStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__kernel_end")]
        private static extern void KernelEnd();

        /// <summary>Builds the kernel's tables, switches to them and turns on SMEP/SMAP where the CPU has them.</summary>
        public static bool Initialize()
        {
            s_root = PhysicalMemory.AllocatePage();
            if (s_root == 0)
            {
                return false;
            }

            // All of RAM at the direct map, 2 MiB at a time, never executable.
            for (ulong physical = 0; physical < PhysicalMemory.TopOfRam; physical += Layout.LargePageSize)
            {
                ulong* directory = Walk(Layout.DirectMapBase + physical, 2, Present | Writable);
                if (directory == null)
                {
                    return false;
                }

                directory[Index(Layout.DirectMapBase + physical, 2)] = physical | Present | Writable | Huge | Global | NoExecute;
            }

            ulong text = (ulong)(delegate*<void>)&TextStart;
            ulong rodata = (ulong)(delegate*<void>)&RodataStart;
            ulong data = (ulong)(delegate*<void>)&DataStart;
            ulong end = (ulong)(delegate*<void>)&KernelEnd;
            if (!MapKernelRange(text, rodata, Present | Global)
                || !MapKernelRange(rodata, data, Present | Global | NoExecute)
                || !MapKernelRange(data, end, Present | Writable | Global | NoExecute))
            {
                return false;
            }

            ulong cr4 = Cpu.ReadCr4() | Cr4Pge;
            uint* registers = stackalloc uint[4];
            Cpu.CpuId(7, 0, registers);
            if ((registers[1] & (1u << 7)) != 0)
            {
                cr4 |= Cr4Smep;
            }

            if ((registers[1] & (1u << 20)) != 0)
            {
                cr4 |= Cr4Smap;
                SmapEnabled = true;
            }

            Cpu.WriteCr3(s_root);
            Cpu.WriteCr4(cr4);
            PhysicalMemory.LiftBootLimit();
            return true;
        }

        private static bool MapKernelRange(ulong start, ulong end, ulong flags)
        {
            for (ulong address = start; address < end; address += Layout.PageSize)
            {
                ulong* table = Walk(address, 1, Present | Writable);
                if (table == null)
                {
                    return false;
                }

                table[Index(address, 1)] = (address - Layout.KernelBase) | flags;
            }

            return true;
        }

        /// <summary>
        /// Maps a device's registers (physical MMIO, outside RAM) uncached at the direct-map address of
        /// <paramref name="physical"/>; returns that address, or null when it cannot be mapped.
        /// </summary>
        public static void* MapDevice(ulong physical, ulong length)
        {
            ulong first = Layout.PageDown(physical);
            ulong end = Layout.PageUp(physical + length);
            for (ulong page = first; page < end; page += Layout.PageSize)
            {
                ulong address = Layout.DirectMapBase + page;
                ulong* table = Walk(address, 1, Present | Writable);
                if (table == null)
                {
                    return null;
                }

                table[Index(address, 1)] = page | Present | Writable | WriteThrough | CacheDisable | Global | NoExecute;
                Cpu.InvalidatePage(address);
            }

            return Layout.ToVirtual(physical);
        }

        /// <summary>Maps one user page; the frame's rights come from <paramref name="flags"/>.</summary>
        public static bool MapUser(ulong address, ulong physical, ulong flags)
        {
            ulong* table = Walk(address, 1, Present | Writable | User);
            if (table == null)
            {
                return false;
            }

            table[Index(address, 1)] = physical | flags | Present | User;
            Cpu.InvalidatePage(address);
            return true;
        }

        /// <summary>Removes a user page's mapping; returns its frame, or 0 when nothing was mapped.</summary>
        public static ulong UnmapUser(ulong address) => UnmapUserEntry(address) & AddressMask;

        /// <summary>Removes a user page's mapping; returns the whole entry it had (frame and flags), or 0.</summary>
        public static ulong UnmapUserEntry(ulong address)
        {
            ulong* table = Walk(address, 1, 0);
            if (table == null)
            {
                return 0;
            }

            ulong entry = table[Index(address, 1)];
            if ((entry & Present) == 0)
            {
                return 0;
            }

            table[Index(address, 1)] = 0;
            Cpu.InvalidatePage(address);
            return entry;
        }

        /// <summary>Changes a mapped user page's rights (the Borrowed mark stays); false when the page is not mapped.</summary>
        public static bool ProtectUser(ulong address, ulong flags, bool accessible)
        {
            ulong* table = Walk(address, 1, 0);
            if (table == null || (table[Index(address, 1)] & Present) == 0)
            {
                return false;
            }

            ulong kept = table[Index(address, 1)] & (AddressMask | Borrowed);
            table[Index(address, 1)] = kept | flags | Present | (accessible ? User : 0);
            Cpu.InvalidatePage(address);
            return true;
        }

        /// <summary>The leaf entry of a 4 KiB user page, or 0.</summary>
        public static ulong Lookup(ulong address)
        {
            ulong* table = Walk(address, 1, 0);
            return table == null ? 0 : table[Index(address, 1)];
        }

        public static ulong FrameOf(ulong entry) => entry & AddressMask;

        private static int Index(ulong address, int level) => (int)((address >> (12 + (9 * (level - 1)))) & 511);

        // Descends from the root to the table at `level` (1 = page table) for `address`, creating missing tables when
        // `create` holds their entry flags; null when a table is missing and create is 0, or memory ran out.
        private static ulong* Walk(ulong address, int level, ulong create)
        {
            ulong* table = (ulong*)Layout.ToVirtual(s_root);
            for (int current = 4; current > level; current--)
            {
                ulong* entry = &table[Index(address, current)];
                if ((*entry & Present) == 0)
                {
                    if (create == 0)
                    {
                        return null;
                    }

                    ulong page = PhysicalMemory.AllocatePage();
                    if (page == 0)
                    {
                        return null;
                    }

                    *entry = page | create;
                }
                else if ((*entry & Huge) != 0)
                {
                    return null;
                }

                table = (ulong*)Layout.ToVirtual(*entry & AddressMask);
            }

            return table;
        }
    }
}
