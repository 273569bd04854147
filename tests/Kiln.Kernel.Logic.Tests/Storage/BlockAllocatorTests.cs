// BlockAllocator tests: reservation and double-use detection, next-fit contiguous runs, wrap-around, a full disk, and
// frees that wait for the commit.
using Kiln.Storage;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Storage
{
    public sealed class BlockAllocatorTests
    {
        [Fact]
        public void ReserveCountsAndDetectsBlocksUsedTwice()
        {
            BlockAllocator allocator = new BlockAllocator(100);

            Assert.True(allocator.Reserve(0, 10));
            Assert.Equal(90UL, allocator.FreeCount);
            Assert.False(allocator.Reserve(8, 4));
            Assert.Equal(88UL, allocator.FreeCount);
            Assert.False(allocator.Reserve(99, 2));
            Assert.True(allocator.IsUsed(11));
            Assert.False(allocator.IsUsed(12));
        }

        [Fact]
        public void AllocationTakesTheLongestRunUpToTheWishFromTheCursor()
        {
            BlockAllocator allocator = new BlockAllocator(200);
            allocator.Reserve(0, 10);
            allocator.Reserve(14, 1);

            ulong first = allocator.Allocate(8, out ulong got);
            Assert.Equal(10UL, first);
            Assert.Equal(4UL, got);

            first = allocator.Allocate(8, out got);
            Assert.Equal(15UL, first);
            Assert.Equal(8UL, got);
            Assert.Equal(200UL - 10 - 1 - 12, allocator.FreeCount);
        }

        [Fact]
        public void AllocationWrapsAroundAndReportsAFullDisk()
        {
            BlockAllocator allocator = new BlockAllocator(130);
            allocator.Reserve(0, 2);
            Assert.Equal(2UL, allocator.Allocate(128, out ulong got));
            Assert.Equal(128UL, got);
            allocator.FreeLater(5, 3);
            allocator.CommitFrees();

            Assert.Equal(5UL, allocator.Allocate(10, out got));
            Assert.Equal(3UL, got);
            Assert.Equal(0UL, allocator.Allocate(1, out got));
            Assert.Equal(0UL, got);
            Assert.Equal(0UL, allocator.FreeCount);
        }

        [Fact]
        public void FreedBlocksStayUsedUntilTheCommit()
        {
            BlockAllocator allocator = new BlockAllocator(64);
            allocator.Reserve(0, 64);

            allocator.FreeLater(10, 4);
            allocator.FreeLater(12, 4);

            Assert.Equal(6UL, allocator.PendingCount);
            Assert.Equal(0UL, allocator.FreeCount);
            Assert.True(allocator.IsUsed(10));
            Assert.Equal(0UL, allocator.Allocate(1, out _));

            allocator.CommitFrees();

            Assert.Equal(0UL, allocator.PendingCount);
            Assert.Equal(6UL, allocator.FreeCount);
            Assert.False(allocator.IsUsed(15));
            Assert.Equal(10UL, allocator.Allocate(10, out ulong got));
            Assert.Equal(6UL, got);
        }

        [Fact]
        public void FreeingABlockThatIsNotUsedChangesNothing()
        {
            BlockAllocator allocator = new BlockAllocator(64);

            allocator.FreeLater(3, 2);
            allocator.CommitFrees();

            Assert.Equal(64UL, allocator.FreeCount);
        }
    }
}
