// Hands blocks that a truncation, an eviction or a remap stops using to the allocator as "free after the next
// commit" (BlockAllocator.FreeLater), the only safe moment to reuse them.
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed class KilnFsDeferredFrees : BlockRangeSink
    {
        private readonly BlockAllocator _allocator;

        public KilnFsDeferredFrees(BlockAllocator allocator)
        {
            _allocator = allocator;
        }

        public override void Add(ulong first, ulong count) => _allocator.FreeLater(first, count);
    }
}
