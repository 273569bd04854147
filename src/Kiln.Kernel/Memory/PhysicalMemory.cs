// The physical page allocator: a bitmap over every frame up to the top of RAM, kept in RAM itself. Frames below
// 1 MiB, the kernel image, the bitmap and the initrd are reserved. Until the kernel's own page tables map all of RAM,
// allocations stay below 4 GiB, which the boot tables map.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Kiln.Memory;

namespace Kiln.Kernel.Memory
{
    // SAFETY: the bitmap's words lie in RAM reserved for it below 4 GiB, mapped by the boot tables and the direct map.
    internal static unsafe class PhysicalMemory
    {
        private const ulong BootMappedLimit = 4UL << 30;

        private static PageBitmap s_bitmap;
        private static ulong* s_words;
        private static int s_wordCount;
        private static long s_allocationLimit;

        public static ulong TopOfRam { get; private set; }

        public static long FreePages => s_bitmap.FreeCount;

        public static long TotalPages { get; private set; }

        private static Span<ulong> Words => new Span<ulong>(s_words, s_wordCount);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__kernel_end")]
        private static extern void KernelEndSymbol();

        public static ulong KernelEndPhysical => (ulong)(delegate*<void>)&KernelEndSymbol - Layout.KernelBase;

        public static bool Initialize(ulong* ramStart, ulong* ramEnd, int regionCount, ulong moduleStart, ulong moduleSize)
        {
            ulong top = 0;
            for (int i = 0; i < regionCount; i++)
            {
                top = Math.Max(top, ramEnd[i]);
            }

            TopOfRam = top;
            long frames = (long)(top / Layout.PageSize);
            s_wordCount = PageBitmap.WordsFor(frames);
            ulong bitmapBytes = Layout.PageUp((ulong)s_wordCount * 8);

            // Place the bitmap in the first RAM above the kernel (and clear of the initrd) that holds it.
            ulong moduleEnd = Layout.PageUp(moduleStart + moduleSize);
            ulong place = 0;
            for (int i = 0; i < regionCount && place == 0; i++)
            {
                ulong candidate = Layout.PageUp(Math.Max(ramStart[i], Layout.PageUp(KernelEndPhysical)));
                if (moduleSize != 0 && candidate < moduleEnd && candidate + bitmapBytes > moduleStart)
                {
                    candidate = moduleEnd;
                }

                if (candidate + bitmapBytes <= ramEnd[i] && candidate + bitmapBytes <= BootMappedLimit)
                {
                    place = candidate;
                }
            }

            if (place == 0)
            {
                return false;
            }

            s_words = (ulong*)Layout.ToVirtual(place);
            s_bitmap = new PageBitmap(Words, frames);
            for (int i = 0; i < regionCount; i++)
            {
                ulong first = Layout.PageUp(ramStart[i]) / Layout.PageSize;
                ulong last = Layout.PageDown(ramEnd[i]) / Layout.PageSize;
                if (last > first)
                {
                    s_bitmap.FreeRange(Words, (long)first, (long)(last - first));
                }
            }

            s_bitmap.ReserveRange(Words, 0, (long)(0x100000 / Layout.PageSize));
            s_bitmap.ReserveRange(Words, (long)(0x100000 / Layout.PageSize), (long)((Layout.PageUp(KernelEndPhysical) - 0x100000) / Layout.PageSize));
            s_bitmap.ReserveRange(Words, (long)(place / Layout.PageSize), (long)(bitmapBytes / Layout.PageSize));
            if (moduleSize != 0)
            {
                s_bitmap.ReserveRange(Words, (long)(moduleStart / Layout.PageSize), (long)((moduleEnd - Layout.PageDown(moduleStart)) / Layout.PageSize));
            }

            TotalPages = s_bitmap.FreeCount;
            s_allocationLimit = (long)(BootMappedLimit / Layout.PageSize);
            return true;
        }

        /// <summary>Called once the kernel's page tables map all of RAM.</summary>
        public static void LiftBootLimit() => s_allocationLimit = long.MaxValue;

        /// <summary>A zeroed page's physical address, or 0 when memory is exhausted.</summary>
        public static ulong AllocatePage()
        {
            if (!s_bitmap.TryAllocate(Words, s_allocationLimit, out long frame))
            {
                return 0;
            }

            ulong physical = (ulong)frame * Layout.PageSize;
            Arch.X86_64.Cpu.FillMemory(Layout.ToVirtual(physical), 0, (nuint)Layout.PageSize);
            return physical;
        }

        /// <summary>Zeroed physically contiguous pages, or 0.</summary>
        public static ulong AllocateContiguous(ulong pages)
        {
            if (!s_bitmap.TryAllocateContiguous(Words, (long)pages, s_allocationLimit, out long first))
            {
                return 0;
            }

            ulong physical = (ulong)first * Layout.PageSize;
            Arch.X86_64.Cpu.FillMemory(Layout.ToVirtual(physical), 0, (nuint)(pages * Layout.PageSize));
            return physical;
        }

        public static void FreePage(ulong physical) => s_bitmap.Free(Words, (long)(physical / Layout.PageSize));
    }
}
