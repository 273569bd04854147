// RegionMap tests, case by case: Insert (sorting, merging, overlap, capacity), Remove (trims, holes, spans), Protect
// (splits, merges, coverage, capacity), the TryFind/IsFree/IsCovered queries and TryFindGap's top-down search.

using Kiln.Memory;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Memory
{
    public sealed class RegionMapTests
    {
        private const ulong Page = 0x1000;
        private const RegionProtection R = RegionProtection.Read;
        private const RegionProtection RW = RegionProtection.Read | RegionProtection.Write;
        private const RegionProtection RX = RegionProtection.Read | RegionProtection.Execute;

        [Fact]
        public void InsertKeepsRegionsSortedWhateverTheOrder()
        {
            RegionMap map = new RegionMap(8);

            Assert.True(map.Insert(Pages(20, 30, R)));
            Assert.True(map.Insert(Pages(0, 5, R)));
            Assert.True(map.Insert(Pages(10, 15, R)));

            AssertRegions(map, Pages(0, 5, R), Pages(10, 15, R), Pages(20, 30, R));
        }

        [Theory]
        [InlineData(5, 15)]   // overlaps the start
        [InlineData(15, 25)]  // overlaps the end
        [InlineData(12, 18)]  // inside
        [InlineData(0, 30)]   // encloses
        [InlineData(10, 20)]  // exactly the same
        [InlineData(12, 12)]  // empty
        [InlineData(25, 22)]  // inverted
        public void InsertOverlappingOrEmptyFailsAndChangesNothing(ulong startPage, ulong endPage)
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(10, 20, R));

            Assert.False(map.Insert(Pages(startPage, endPage, RW)));

            AssertRegions(map, Pages(10, 20, R));
        }

        [Fact]
        public void InsertMergesEqualNeighboursOnBothSides()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 10, RW, RegionKind.Heap));
            map.Insert(Pages(20, 30, RW, RegionKind.Heap));

            Assert.True(map.Insert(Pages(10, 20, RW, RegionKind.Heap)));

            AssertRegions(map, Pages(0, 30, RW, RegionKind.Heap));
        }

        [Fact]
        public void InsertMergesWithTheLeftAndRightNeighbourAlone()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(40, 50, R));

            Assert.True(map.Insert(Pages(10, 15, R)));
            Assert.True(map.Insert(Pages(35, 40, R)));

            AssertRegions(map, Pages(0, 15, R), Pages(35, 50, R));
        }

        [Fact]
        public void InsertDoesNotMergeDifferentProtectionOrKindOrNonAdjacent()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 10, R));

            Assert.True(map.Insert(Pages(10, 20, RW)));
            Assert.True(map.Insert(Pages(20, 30, RW, RegionKind.Stack)));
            Assert.True(map.Insert(Pages(31, 40, RW, RegionKind.Stack)));

            AssertRegions(
                map,
                Pages(0, 10, R),
                Pages(10, 20, RW),
                Pages(20, 30, RW, RegionKind.Stack),
                Pages(31, 40, RW, RegionKind.Stack));
        }

        [Fact]
        public void InsertIntoAFullMapFailsAndChangesNothing()
        {
            RegionMap map = new RegionMap(2);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(20, 30, RW));

            Assert.False(map.Insert(Pages(40, 50, RX)));

            Assert.Equal(2, map.Capacity);
            AssertRegions(map, Pages(0, 10, R), Pages(20, 30, RW));
        }

        [Fact]
        public void RemoveOfAWholeRegionDropsIt()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(20, 30, RW));

            Assert.True(map.Remove(0, 10 * Page));

            AssertRegions(map, Pages(20, 30, RW));
        }

        [Fact]
        public void RemoveTrimsTheFrontAndTheBack()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(20, 30, RW));

            Assert.True(map.Remove(0, 3 * Page));
            Assert.True(map.Remove(25 * Page, 30 * Page));

            AssertRegions(map, Pages(3, 10, R), Pages(20, 25, RW));
        }

        [Fact]
        public void RemoveOfAHoleInTheMiddleSplitsTheRegion()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 30, RX, RegionKind.Program));

            Assert.True(map.Remove(10 * Page, 12 * Page));

            AssertRegions(map, Pages(0, 10, RX, RegionKind.Program), Pages(12, 30, RX, RegionKind.Program));
            Assert.False(map.TryFind(11 * Page, out _));
        }

        [Fact]
        public void RemoveAcrossRegionsAndGapsTrimsTheEndsAndDropsTheMiddle()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(12, 14, RW));
            map.Insert(Pages(16, 18, RX));
            map.Insert(Pages(20, 30, R));
            map.Insert(Pages(40, 50, R));

            Assert.True(map.Remove(5 * Page, 25 * Page));

            AssertRegions(map, Pages(0, 5, R), Pages(25, 30, R), Pages(40, 50, R));
        }

        [Theory]
        [InlineData(10, 20)]
        [InlineData(60, 70)]
        [InlineData(7, 7)]
        [InlineData(8, 2)]
        public void RemoveOfNothingMappedOrAnEmptyRangeSucceedsAndChangesNothing(ulong startPage, ulong endPage)
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(20, 30, R));

            Assert.True(map.Remove(startPage * Page, endPage * Page));

            AssertRegions(map, Pages(0, 10, R), Pages(20, 30, R));
        }

        [Fact]
        public void RemoveOfAHoleInAFullMapFailsAndChangesNothing()
        {
            RegionMap map = new RegionMap(2);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(20, 30, RW));

            Assert.False(map.Remove(4 * Page, 6 * Page));

            AssertRegions(map, Pages(0, 10, R), Pages(20, 30, RW));
        }

        [Fact]
        public void RemoveThatNeedsNoNewSlotWorksInAFullMap()
        {
            RegionMap map = new RegionMap(2);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(20, 30, RW));

            Assert.True(map.Remove(5 * Page, 25 * Page));

            AssertRegions(map, Pages(0, 5, R), Pages(25, 30, RW));
        }

        [Fact]
        public void ProtectOfTheMiddleSplitsIntoThreeAndProtectingBackMerges()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 30, RW, RegionKind.Heap));

            Assert.True(map.Protect(10 * Page, 20 * Page, R));
            AssertRegions(map, Pages(0, 10, RW, RegionKind.Heap), Pages(10, 20, R, RegionKind.Heap), Pages(20, 30, RW, RegionKind.Heap));

            Assert.True(map.Protect(10 * Page, 20 * Page, RW));
            AssertRegions(map, Pages(0, 30, RW, RegionKind.Heap));
        }

        [Fact]
        public void ProtectOfAPrefixMergesWithTheLeftNeighbour()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(10, 20, RW));

            Assert.True(map.Protect(10 * Page, 15 * Page, R));

            AssertRegions(map, Pages(0, 15, R), Pages(15, 20, RW));
        }

        [Fact]
        public void ProtectOverAdjacentRegionsOfOneKindMergesThem()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(10, 20, RW));
            map.Insert(Pages(20, 30, RX));

            Assert.True(map.Protect(0, 30 * Page, RegionProtection.None));

            AssertRegions(map, Pages(0, 30, RegionProtection.None));
        }

        [Fact]
        public void ProtectDoesNotMergeDifferentKinds()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 10, R, RegionKind.Program));
            map.Insert(Pages(10, 20, RW, RegionKind.Heap));

            Assert.True(map.Protect(0, 20 * Page, RW));

            AssertRegions(map, Pages(0, 10, RW, RegionKind.Program), Pages(10, 20, RW, RegionKind.Heap));
        }

        [Theory]
        [InlineData(5, 25)]   // spans the gap between the two regions
        [InlineData(10, 20)]  // wholly in the gap
        [InlineData(25, 35)]  // runs off the end
        [InlineData(40, 50)]  // wholly unmapped
        public void ProtectOfARangeNotWhollyMappedFailsAndChangesNothing(ulong startPage, ulong endPage)
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(20, 30, R));

            Assert.False(map.Protect(startPage * Page, endPage * Page, RW));

            AssertRegions(map, Pages(0, 10, R), Pages(20, 30, R));
        }

        [Fact]
        public void ProtectThatNeedsTwoSlotsFailsWhenOnlyOneIsLeft()
        {
            RegionMap map = new RegionMap(2);
            map.Insert(Pages(0, 30, R));

            Assert.False(map.Protect(10 * Page, 20 * Page, RW));

            AssertRegions(map, Pages(0, 30, R));
        }

        [Fact]
        public void ProtectThatNeedsOneSlotWorksWhenOneIsLeft()
        {
            RegionMap map = new RegionMap(2);
            map.Insert(Pages(0, 30, R));

            Assert.True(map.Protect(10 * Page, 30 * Page, RW));

            AssertRegions(map, Pages(0, 10, R), Pages(10, 30, RW));
        }

        [Fact]
        public void ProtectOfWholeRegionsWorksInAFullMap()
        {
            // Given a full map, when mprotect covers whole regions (no split needed), then it succeeds like Linux's.
            RegionMap map = new RegionMap(2);
            map.Insert(Pages(0, 10, R));
            map.Insert(Pages(20, 30, R));

            Assert.True(map.Protect(20 * Page, 30 * Page, RX));

            AssertRegions(map, Pages(0, 10, R), Pages(20, 30, RX));
        }

        [Fact]
        public void TryFindReturnsTheRegionHoldingTheAddress()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(10, 20, R));
            map.Insert(Pages(30, 40, RW, RegionKind.Stack));

            Assert.True(map.TryFind(10 * Page, out Region atStart));
            Assert.True(map.TryFind((40 * Page) - 1, out Region atLastByte));
            Assert.False(map.TryFind(20 * Page, out Region atEnd));
            Assert.False(map.TryFind(25 * Page, out _));
            Assert.False(map.TryFind(0, out _));
            Assert.False(map.TryFind(ulong.MaxValue, out _));

            Assert.Equal(Pages(10, 20, R), atStart);
            Assert.Equal(Pages(30, 40, RW, RegionKind.Stack), atLastByte);
            Assert.Equal(default, atEnd);
        }

        [Fact]
        public void IsFreeAndIsCoveredAnswerForRangesAroundRegions()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(10, 20, R));
            map.Insert(Pages(20, 30, RW));
            map.Insert(Pages(40, 50, R));

            Assert.True(map.IsFree(0, 10 * Page));
            Assert.True(map.IsFree(30 * Page, 40 * Page));
            Assert.True(map.IsFree(50 * Page, 60 * Page));
            Assert.False(map.IsFree(0, (10 * Page) + 1));
            Assert.False(map.IsFree((30 * Page) - 1, 40 * Page));
            Assert.False(map.IsFree(32 * Page, 42 * Page));

            Assert.True(map.IsCovered(10 * Page, 30 * Page));
            Assert.True(map.IsCovered(15 * Page, 25 * Page));
            Assert.True(map.IsCovered(42 * Page, 43 * Page));
            Assert.False(map.IsCovered(9 * Page, 30 * Page));
            Assert.False(map.IsCovered(10 * Page, 31 * Page));
            Assert.False(map.IsCovered(25 * Page, 45 * Page));
            Assert.False(map.IsCovered(60 * Page, 61 * Page));
        }

        [Fact]
        public void EmptyMapIsFreeEverywhereAndCoversNothing()
        {
            RegionMap map = new RegionMap(0);

            Assert.Equal(0, map.Count);
            Assert.True(map.IsFree(0, ulong.MaxValue));
            Assert.False(map.IsCovered(0, Page));
            Assert.False(map.TryFind(0, out _));
            Assert.False(map.Insert(Pages(0, 1, R)));
        }

        [Fact]
        public void TryFindGapInAnEmptyMapTakesTheTopOfTheRange()
        {
            RegionMap map = new RegionMap(8);

            Assert.True(map.TryFindGap(4 * Page, 10 * Page, 100 * Page, out ulong start));

            Assert.Equal(96 * Page, start);
        }

        [Fact]
        public void TryFindGapTakesTheHighestGapThatIsLongEnough()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(90, 100, R));  // at the ceiling
            map.Insert(Pages(60, 88, R));   // leaves a 2-page gap at 88
            map.Insert(Pages(20, 50, R));   // leaves a 10-page gap at 50

            Assert.True(map.TryFindGap(2 * Page, 0, 100 * Page, out ulong small));
            Assert.True(map.TryFindGap(3 * Page, 0, 100 * Page, out ulong medium));
            Assert.True(map.TryFindGap(10 * Page, 0, 100 * Page, out ulong exact));
            Assert.True(map.TryFindGap(11 * Page, 0, 100 * Page, out ulong low));
            Assert.False(map.TryFindGap(21 * Page, 0, 100 * Page, out ulong none));

            Assert.Equal(88 * Page, small);
            Assert.Equal(57 * Page, medium);
            Assert.Equal(50 * Page, exact);
            Assert.Equal(9 * Page, low);  // the top of the 20-page space below the lowest region
            Assert.Equal(0UL, none);
        }

        [Fact]
        public void TryFindGapStaysWithinTheFloorAndCeiling()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(40, 60, R));   // straddles the ceiling at 50
            map.Insert(Pages(100, 110, R)); // above the ceiling: ignored
            map.Insert(Pages(5, 15, R));    // straddles the floor at 10

            Assert.True(map.TryFindGap(25 * Page, 10 * Page, 50 * Page, out ulong fits));
            Assert.False(map.TryFindGap(26 * Page, 10 * Page, 50 * Page, out _));
            Assert.False(map.TryFindGap(Page, 50 * Page, 50 * Page, out _));
            Assert.True(map.TryFindGap(5 * Page, 60 * Page, 110 * Page, out ulong aboveMiddle));

            Assert.Equal(15 * Page, fits);
            Assert.Equal(95 * Page, aboveMiddle);
        }

        [Fact]
        public void TryFindGapUsesTheSpaceBelowTheLowestRegionDownToTheFloor()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(Pages(30, 100, R));

            Assert.True(map.TryFindGap(20 * Page, 10 * Page, 100 * Page, out ulong start));
            Assert.False(map.TryFindGap(21 * Page, 10 * Page, 100 * Page, out _));

            Assert.Equal(10 * Page, start);
        }

        private static Region Pages(ulong startPage, ulong endPage, RegionProtection protection, RegionKind kind = RegionKind.Anonymous) =>
            new Region(startPage * Page, endPage * Page, protection, kind);

        private static void AssertRegions(RegionMap map, params Region[] expected)
        {
            Region[] actual = new Region[map.Count];
            for (int i = 0; i < actual.Length; i++)
            {
                actual[i] = map[i];
            }

            Assert.Equal(expected, actual);
        }
    }
}
