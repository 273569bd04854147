// The sorted range set behind SACK: merging, trimming below a cumulative ACK, lookups, wrap-around and capacity.
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpRangeListTests
    {
        [Fact]
        public void AddMergesOverlappingAndTouchingRanges()
        {
            var ranges = new TcpRangeList();
            Assert.True(ranges.Add(100, 200));
            Assert.True(ranges.Add(300, 400));
            Assert.True(ranges.Add(500, 600));
            Assert.Equal(3, ranges.Count);
            Assert.True(ranges.Add(200, 300));   // touches both neighbours
            Assert.Equal(2, ranges.Count);
            Assert.Equal(100u, ranges.LeftAt(0));
            Assert.Equal(400u, ranges.RightAt(0));
            Assert.True(ranges.Add(50, 650));
            Assert.Equal(1, ranges.Count);
            Assert.Equal(600u, ranges.BytesBetween(0, 1000));
            Assert.Equal(100u, ranges.BytesBetween(550, 10_000));
        }

        [Fact]
        public void RemoveBelowTrimsAndDrops()
        {
            var ranges = new TcpRangeList();
            ranges.Add(100, 200);
            ranges.Add(300, 400);
            ranges.RemoveBelow(350);
            Assert.Equal(1, ranges.Count);
            Assert.Equal(350u, ranges.LeftAt(0));
            Assert.Equal(-1, ranges.IndexOf(349));
            Assert.Equal(0, ranges.IndexOf(399));
            Assert.Equal(400u, ranges.HighestRight(0));
            Assert.Equal(350u, ranges.NextLeftAfter(200, 999));
            Assert.Equal(999u, ranges.NextLeftAfter(350, 999));
        }

        [Fact]
        public void WorksAcrossSequenceWrapAround()
        {
            var ranges = new TcpRangeList();
            ranges.Add(0xFFFF_FF00, 0xFFFF_FFF0);
            ranges.Add(0x10, 0x20);
            ranges.Add(0xFFFF_FFF0, 0x10);
            Assert.Equal(1, ranges.Count);
            Assert.Equal(0xFFFF_FF00u, ranges.LeftAt(0));
            Assert.Equal(0x20u, ranges.RightAt(0));
            Assert.Equal(0x120u, ranges.BytesBetween(0xFFFF_0000, 0x1000));
        }

        [Fact]
        public void AFullListRefusesANewSeparateRangeButStillMerges()
        {
            var ranges = new TcpRangeList(2);
            ranges.Add(10, 20);
            ranges.Add(30, 40);
            Assert.False(ranges.Add(50, 60));
            Assert.True(ranges.Add(20, 25));
            Assert.Equal(2, ranges.Count);
            Assert.True(ranges.Add(5, 5));   // empty: nothing to store
        }
    }
}
