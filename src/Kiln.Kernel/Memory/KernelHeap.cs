// The kernel heap: size classes from 16 to 2048 bytes carved from whole pages, each class with a free list; larger
// blocks take contiguous pages behind a 16-byte header. Memory is zeroed on allocation. Every block is returned with
// Free; BytesInUse is what the soak tests watch.
using System.Runtime;
using Kiln.Kernel.Diagnostics;

namespace Kiln.Kernel.Memory
{
    // SAFETY: blocks are direct-mapped RAM owned by the heap; a free-list word is only written in a block that is free,
    // and Free trusts its caller to pass a block it allocated with the size it asked for.
    internal static unsafe class KernelHeap
    {
        private const int ClassCount = 8;
        private const int SmallestShift = 4;
        private const int LargestSmall = 2048;
        private const ulong LargeMagic = 0x4B494C4E4C415247;

        // Free-list heads per class; each free block's first word points at the next.
        private static void** s_freeLists;
        private static long s_bytesInUse;
        private static long s_pagesHeld;

        public static long BytesInUse => s_bytesInUse;

        public static long PagesHeld => s_pagesHeld;

        public static void Initialize()
        {
            ulong page = PhysicalMemory.AllocatePage();
            if (page == 0)
            {
                Panic.Stop("no memory for the kernel heap");
            }

            s_pagesHeld = 1;
            s_freeLists = (void**)Layout.ToVirtual(page);
        }

        /// <summary>Zeroed memory, 16-byte aligned; null when memory is exhausted.</summary>
        public static void* TryAllocate(nuint size)
        {
            if (size > LargestSmall)
            {
                return AllocateLarge(size);
            }

            int sizeClass = ClassOf(size);
            int blockSize = 1 << (sizeClass + SmallestShift);
            void* block = s_freeLists[sizeClass];
            if (block == null && !Refill(sizeClass, blockSize))
            {
                return null;
            }

            block = s_freeLists[sizeClass];
            s_freeLists[sizeClass] = *(void**)block;
            Arch.X86_64.Cpu.FillMemory(block, 0, (nuint)blockSize);
            s_bytesInUse += blockSize;
            return block;
        }

        /// <summary>Like TryAllocate, but exhaustion is a panic: for memory the kernel cannot work without.</summary>
        public static void* Allocate(nuint size)
        {
            void* block = TryAllocate(size);
            if (block == null)
            {
                Panic.Stop("kernel heap exhausted");
            }

            return block;
        }

        /// <summary>Returns a block from Allocate or TryAllocate; <paramref name="size"/> is the size asked for.</summary>
        public static void Free(void* block, nuint size)
        {
            if (block == null)
            {
                return;
            }

            if (size > LargestSmall)
            {
                FreeLarge(block);
                return;
            }

            int sizeClass = ClassOf(size);
            *(void**)block = s_freeLists[sizeClass];
            s_freeLists[sizeClass] = block;
            s_bytesInUse -= 1 << (sizeClass + SmallestShift);
        }

        // The core library allocates objects and arrays through this export.
        [RuntimeExport("kiln_runtime_allocate")]
        private static void* RuntimeAllocate(nuint size) => Allocate(size);

        // Internal.Runtime.ObjectMemory.Free gives objects back through this export.
        [RuntimeExport("kiln_runtime_free")]
        private static void RuntimeFree(void* block, nuint size) => Free(block, size);

        private static int ClassOf(nuint size)
        {
            int sizeClass = 0;
            while ((nuint)(1 << (sizeClass + SmallestShift)) < size)
            {
                sizeClass++;
            }

            return sizeClass;
        }

        private static bool Refill(int sizeClass, int blockSize)
        {
            ulong page = PhysicalMemory.AllocatePage();
            if (page == 0)
            {
                return false;
            }

            s_pagesHeld++;
            byte* start = (byte*)Layout.ToVirtual(page);
            for (int offset = (int)Layout.PageSize - blockSize; offset >= 0; offset -= blockSize)
            {
                *(void**)(start + offset) = s_freeLists[sizeClass];
                s_freeLists[sizeClass] = start + offset;
            }

            return true;
        }

        private static void* AllocateLarge(nuint size)
        {
            ulong pages = ((ulong)size + 16 + Layout.PageSize - 1) / Layout.PageSize;
            ulong physical = PhysicalMemory.AllocateContiguous(pages);
            if (physical == 0)
            {
                return null;
            }

            ulong* header = (ulong*)Layout.ToVirtual(physical);
            header[0] = pages;
            header[1] = LargeMagic;
            s_pagesHeld += (long)pages;
            s_bytesInUse += (long)(pages * Layout.PageSize);
            return header + 2;
        }

        private static void FreeLarge(void* block)
        {
            ulong* header = (ulong*)block - 2;
            if (header[1] != LargeMagic)
            {
                Panic.Stop("kernel heap: freeing a large block with a corrupt header");
            }

            ulong pages = header[0];
            ulong physical = Layout.ToPhysical(header);
            header[1] = 0;
            for (ulong i = 0; i < pages; i++)
            {
                PhysicalMemory.FreePage(physical + (i * Layout.PageSize));
            }

            s_pagesHeld -= (long)pages;
            s_bytesInUse -= (long)(pages * Layout.PageSize);
        }
    }
}
