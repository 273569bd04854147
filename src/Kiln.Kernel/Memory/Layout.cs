// The kernel's virtual address layout: the program owns the lower half; the kernel maps all physical memory at
// DirectMapBase and its own image at KernelBase (the link address in kernel.ld).
namespace Kiln.Kernel.Memory
{
    internal static class Layout
    {
        public const ulong PageSize = 4096;
        public const ulong LargePageSize = 2 * 1024 * 1024;
        public const ulong DirectMapBase = 0xFFFF800000000000;
        public const ulong KernelBase = 0xFFFFFFFF80000000;

        /// <summary>One past the highest user address (the top of the canonical lower half, less a guard page).</summary>
        public const ulong UserEnd = 0x00007FFFFFFFF000;

        public static unsafe void* ToVirtual(ulong physical) => (void*)(physical + DirectMapBase);

        public static unsafe ulong ToPhysical(void* directMapped) => (ulong)directMapped - DirectMapBase;

        public static ulong PageDown(ulong value) => value & ~(PageSize - 1);

        public static ulong PageUp(ulong value) => (value + PageSize - 1) & ~(PageSize - 1);
    }
}
