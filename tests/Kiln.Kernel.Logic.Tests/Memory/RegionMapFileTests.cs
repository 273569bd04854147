// RegionMap with file regions: the file offset follows a region's start through trims, holes and protection splits;
// only contiguous mappings of the same file merge; and the backing tracker hears of every file region that appears or
// disappears, so that each region holds exactly one reference on its file (checked against a per-page model).

using System;
using System.Collections.Generic;
using Kiln.Memory;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Memory
{
    public sealed class RegionMapFileTests
    {
        private const ulong Page = 0x1000;
        private const RegionProtection R = RegionProtection.Read;
        private const RegionProtection RW = RegionProtection.Read | RegionProtection.Write;
        private const RegionProtection RX = RegionProtection.Read | RegionProtection.Execute;

        private static readonly object s_fileA = new object();
        private static readonly object s_fileB = new object();

        [Fact]
        public void TrimmingTheFrontMovesTheOffsetAlong()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(FilePages(10, 20, R, s_fileA, offsetPage: 3));

            Assert.True(map.Remove(8 * Page, 13 * Page));

            Region only = map[0];
            Assert.Equal(13 * Page, only.Start);
            Assert.Equal(6 * Page, only.Offset);
            Assert.Same(s_fileA, only.Backing);
        }

        [Fact]
        public void AHoleInTheMiddleGivesTheTailTheOffsetItMaps()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(FilePages(10, 20, R, s_fileA, offsetPage: 0));

            Assert.True(map.Remove(12 * Page, 15 * Page));

            Assert.Equal(2, map.Count);
            Assert.Equal(0UL, map[0].Offset);
            Assert.Equal(12 * Page, map[0].End);
            Assert.Equal(15 * Page, map[1].Start);
            Assert.Equal(5 * Page, map[1].Offset);
            Assert.Same(s_fileA, map[1].Backing);
        }

        [Fact]
        public void ProtectSplitsCarryTheOffsetAndRejoinWhenProtectionMatchesAgain()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(FilePages(0, 10, R, s_fileA, offsetPage: 100));

            Assert.True(map.Protect(4 * Page, 6 * Page, RW));

            Assert.Equal(3, map.Count);
            Assert.Equal(104 * Page, map[1].Offset);
            Assert.Equal(106 * Page, map[2].Offset);

            Assert.True(map.Protect(4 * Page, 6 * Page, R));

            Assert.Equal(1, map.Count);
            Assert.Equal(100 * Page, map[0].Offset);
            Assert.Equal(10 * Page, map[0].End);
        }

        [Theory]
        [InlineData(5, false)]   // continues the file: merges
        [InlineData(6, true)]    // skips a page of the file
        [InlineData(0, true)]    // maps the file's start again
        public void FileNeighboursMergeOnlyWhenTheyContinueTheFile(int rightOffsetPage, bool apart)
        {
            RegionMap map = new RegionMap(8);
            map.Insert(FilePages(0, 5, R, s_fileA, offsetPage: 0));

            Assert.True(map.Insert(FilePages(5, 8, R, s_fileA, offsetPage: (ulong)rightOffsetPage)));

            Assert.Equal(apart ? 2 : 1, map.Count);
        }

        [Fact]
        public void DifferentFilesSharingAndAnonymousNeighboursStayApart()
        {
            RegionMap map = new RegionMap(8);
            map.Insert(FilePages(0, 5, R, s_fileA, offsetPage: 0));
            map.Insert(FilePages(5, 10, R, s_fileB, offsetPage: 5));
            map.Insert(new Region(10 * Page, 15 * Page, R, RegionKind.File));
            Region shared = FilePages(15, 20, R, s_fileB, offsetPage: 10);
            shared.Shared = true;
            map.Insert(shared);
            map.Insert(FilePages(20, 25, R, s_fileB, offsetPage: 15));

            Assert.Equal(5, map.Count);
        }

        [Fact]
        public void TheTrackerCountsOneReferencePerRegion()
        {
            CountingTracker tracker = new CountingTracker();
            RegionMap map = new RegionMap(16, tracker);

            map.Insert(FilePages(0, 10, RX, s_fileA, offsetPage: 0));
            Assert.Equal(1, tracker.Held(s_fileA));

            map.Remove(3 * Page, 4 * Page);            // one region becomes two
            Assert.Equal(2, tracker.Held(s_fileA));

            map.Protect(6 * Page, 7 * Page, R);        // the tail splits in three
            Assert.Equal(4, tracker.Held(s_fileA));

            map.Protect(6 * Page, 7 * Page, RX);       // and joins again
            Assert.Equal(2, tracker.Held(s_fileA));

            map.Insert(FilePages(3, 4, RX, s_fileA, offsetPage: 3));  // fills the hole: all one region
            Assert.Equal(1, tracker.Held(s_fileA));
            Assert.Equal(1, map.Count);

            map.Remove(0, 10 * Page);
            Assert.Equal(0, tracker.Held(s_fileA));
        }

        [Fact]
        public void AFailedOperationTouchesNoReference()
        {
            CountingTracker tracker = new CountingTracker();
            RegionMap map = new RegionMap(2, tracker);
            map.Insert(FilePages(0, 10, R, s_fileA, offsetPage: 0));
            map.Insert(FilePages(20, 30, R, s_fileB, offsetPage: 0));

            Assert.False(map.Remove(3 * Page, 4 * Page));
            Assert.False(map.Protect(3 * Page, 4 * Page, RW));

            Assert.Equal(1, tracker.Held(s_fileA));
            Assert.Equal(1, tracker.Held(s_fileB));
        }

        [Theory]
        [InlineData(11)]
        [InlineData(12)]
        [InlineData(13)]
        [InlineData(14)]
        public void RandomOperationsKeepOffsetsAndReferencesRight(int seed)
        {
            // Given a per-page model of (file, file page, protection), random inserts, removes and protection changes
            // must leave every page mapping what the model says, and the tracker holding one reference per region.
            const int pages = 48;
            Random random = new Random(seed);
            object[] files = { s_fileA, s_fileB };
            CountingTracker tracker = new CountingTracker();
            RegionMap map = new RegionMap(pages, tracker);
            (object File, long FilePage, RegionProtection Protection)?[] model = new (object, long, RegionProtection)?[pages];

            for (int step = 0; step < 3000; step++)
            {
                int start = random.Next(0, pages);
                int end = Math.Min(pages, start + random.Next(1, 10));
                RegionProtection protection = random.Next(2) == 0 ? R : RW;
                switch (random.Next(3))
                {
                    case 0:
                        {
                            bool free = true;
                            for (int p = start; p < end; p++)
                            {
                                free &= model[p] == null;
                            }

                            // Offsets drawn so that neighbours often continue each other and merge.
                            object file = files[random.Next(2)];
                            long offsetPage = random.Next(3) == 0 ? random.Next(0, 60) : start;
                            Assert.Equal(free, map.Insert(FilePages((ulong)start, (ulong)end, protection, file, (ulong)offsetPage)));
                            if (free)
                            {
                                for (int p = start; p < end; p++)
                                {
                                    model[p] = (file, offsetPage + (p - start), protection);
                                }
                            }

                            break;
                        }

                    case 1:
                        Assert.True(map.Remove((ulong)start * Page, (ulong)end * Page));
                        for (int p = start; p < end; p++)
                        {
                            model[p] = null;
                        }

                        break;

                    default:
                        {
                            bool covered = true;
                            for (int p = start; p < end; p++)
                            {
                                covered &= model[p] != null;
                            }

                            Assert.Equal(covered, map.Protect((ulong)start * Page, (ulong)end * Page, protection));
                            if (covered)
                            {
                                for (int p = start; p < end; p++)
                                {
                                    model[p] = (model[p]!.Value.File, model[p]!.Value.FilePage, protection);
                                }
                            }

                            break;
                        }
                }

                for (int p = 0; p < pages; p++)
                {
                    bool found = map.TryFind((ulong)p * Page, out Region region);
                    Assert.Equal(model[p] != null, found);
                    if (found)
                    {
                        Assert.Same(model[p]!.Value.File, region.Backing);
                        Assert.Equal((ulong)model[p]!.Value.FilePage * Page, region.OffsetOf((ulong)p * Page));
                        Assert.Equal(model[p]!.Value.Protection, region.Protection);
                    }
                }

                foreach (object file in files)
                {
                    int regions = 0;
                    for (int i = 0; i < map.Count; i++)
                    {
                        regions += map[i].Backing == file ? 1 : 0;
                    }

                    Assert.Equal(regions, tracker.Held(file));
                }

                for (int i = 1; i < map.Count; i++)
                {
                    Region left = map[i - 1];
                    Region right = map[i];
                    bool mergeable = left.End == right.Start && left.Protection == right.Protection
                        && left.Backing == right.Backing && left.Offset + left.Length == right.Offset;
                    Assert.False(mergeable, "mergeable file neighbours left apart");
                }
            }
        }

        private static Region FilePages(ulong startPage, ulong endPage, RegionProtection protection, object file, ulong offsetPage) =>
            new Region(startPage * Page, endPage * Page, protection, RegionKind.File, file, offsetPage * Page, shared: false);

        private sealed class CountingTracker : RegionBackingTracker
        {
            private readonly Dictionary<object, int> _held = new Dictionary<object, int>();

            public int Held(object backing) => _held.TryGetValue(backing, out int count) ? count : 0;

            public override void Attach(object backing) => _held[backing] = Held(backing) + 1;

            public override void Detach(object backing)
            {
                Assert.True(Held(backing) > 0, "a reference given back that was never taken");
                _held[backing] = Held(backing) - 1;
            }
        }
    }
}
