// ExtentMap tests: lookups over holes and extents, coalescing, splits, replaced-block reporting, truncation, the room
// check, and a seeded random model test against a per-block dictionary.
using System;
using System.Collections.Generic;
using Kiln.Storage;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Storage
{
    public sealed class ExtentMapTests
    {
        private sealed class RangeList : BlockRangeSink
        {
            public readonly List<(ulong First, ulong Count)> Ranges = new List<(ulong, ulong)>();

            public override void Add(ulong first, ulong count) => Ranges.Add((first, count));

            public ulong Total()
            {
                ulong total = 0;
                foreach ((ulong _, ulong count) in Ranges)
                {
                    total += count;
                }

                return total;
            }
        }

        [Fact]
        public void AnEmptyMapIsOneHole()
        {
            FileExtent[] map = new FileExtent[4];

            Assert.False(ExtentMap.Lookup(map, 0, 7, out ulong disk, out ulong run));
            Assert.Equal(0UL, disk);
            Assert.Equal(ulong.MaxValue - 7, run);
        }

        [Fact]
        public void LookupGivesTheDiskBlockAndTheRunsOnBothSidesOfAnExtent()
        {
            FileExtent[] map = new FileExtent[4];
            int count = 0;

            Assert.True(ExtentMap.Map(map, ref count, 10, 500, 5, null));

            Assert.False(ExtentMap.Lookup(map, count, 3, out _, out ulong holeRun));
            Assert.Equal(7UL, holeRun);
            Assert.True(ExtentMap.Lookup(map, count, 12, out ulong disk, out ulong run));
            Assert.Equal(502UL, disk);
            Assert.Equal(3UL, run);
            Assert.False(ExtentMap.Lookup(map, count, 15, out _, out _));
        }

        [Fact]
        public void ConsecutiveMappingsCoalesceIntoOneExtent()
        {
            FileExtent[] map = new FileExtent[8];
            int count = 0;

            ExtentMap.Map(map, ref count, 0, 100, 2, null);
            ExtentMap.Map(map, ref count, 4, 104, 2, null);
            ExtentMap.Map(map, ref count, 2, 102, 2, null);

            Assert.Equal(1, count);
            Assert.Equal(new FileExtent(0, 100, 6), map[0]);
        }

        [Fact]
        public void MappingsContiguousInTheFileButNotOnDiskStaySeparate()
        {
            FileExtent[] map = new FileExtent[8];
            int count = 0;

            ExtentMap.Map(map, ref count, 0, 100, 2, null);
            ExtentMap.Map(map, ref count, 2, 300, 2, null);

            Assert.Equal(2, count);
        }

        [Fact]
        public void RemappingTheMiddleSplitsAndReportsTheOldBlocks()
        {
            FileExtent[] map = new FileExtent[8];
            int count = 0;
            RangeList replaced = new RangeList();
            ExtentMap.Map(map, ref count, 0, 100, 10, null);

            Assert.True(ExtentMap.Map(map, ref count, 4, 900, 2, replaced));

            Assert.Equal(3, count);
            Assert.Equal(new FileExtent(0, 100, 4), map[0]);
            Assert.Equal(new FileExtent(4, 900, 2), map[1]);
            Assert.Equal(new FileExtent(6, 106, 4), map[2]);
            Assert.Equal(new[] { (104UL, 2UL) }, replaced.Ranges);
        }

        [Fact]
        public void DiskBlockZeroPunchesAHole()
        {
            FileExtent[] map = new FileExtent[8];
            int count = 0;
            RangeList replaced = new RangeList();
            ExtentMap.Map(map, ref count, 0, 100, 10, null);

            ExtentMap.Map(map, ref count, 2, 0, 3, replaced);

            Assert.Equal(2, count);
            Assert.False(ExtentMap.Lookup(map, count, 3, out _, out ulong run));
            Assert.Equal(2UL, run);
            Assert.Equal(new[] { (102UL, 3UL) }, replaced.Ranges);
        }

        [Fact]
        public void TruncateUnmapsEverythingFromTheBlockOn()
        {
            FileExtent[] map = new FileExtent[8];
            int count = 0;
            RangeList freed = new RangeList();
            ExtentMap.Map(map, ref count, 0, 100, 4, null);
            ExtentMap.Map(map, ref count, 8, 200, 4, null);
            ExtentMap.Map(map, ref count, 20, 300, 4, null);

            ExtentMap.TruncateFrom(map, ref count, 10, freed);

            Assert.Equal(2, count);
            Assert.Equal(new FileExtent(8, 200, 2), map[1]);
            Assert.Equal(new[] { (202UL, 2UL), (300UL, 4UL) }, freed.Ranges);
            Assert.Equal(6UL, ExtentMap.MappedBlocks(map, count));
        }

        [Fact]
        public void WithoutRoomForASplitNothingChanges()
        {
            FileExtent[] map = new FileExtent[2];
            int count = 0;
            ExtentMap.Map(map, ref count, 0, 100, 10, null);

            Assert.False(ExtentMap.Map(map, ref count, 4, 900, 2, null));

            Assert.Equal(1, count);
            Assert.Equal(new FileExtent(0, 100, 10), map[0]);
        }

        [Fact]
        public void RunsThatWrapOrExceedARecordAreRefused()
        {
            FileExtent[] map = new FileExtent[4];
            int count = 0;

            Assert.False(ExtentMap.Map(map, ref count, ulong.MaxValue - 1, 5, 4, null));
            Assert.False(ExtentMap.Map(map, ref count, 0, 5, (ulong)uint.MaxValue + 1, null));
            Assert.Equal(0, count);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void RandomOperationsAgreeWithABlockByBlockModel(int seed)
        {
            Random random = new Random(seed);
            FileExtent[] map = new FileExtent[512];
            int count = 0;
            Dictionary<ulong, ulong> model = new Dictionary<ulong, ulong>();
            for (int step = 0; step < 2000; step++)
            {
                RangeList replaced = new RangeList();
                ulong first = (ulong)random.Next(0, 200);
                if (random.Next(10) == 0)
                {
                    ulong before = CountMapped(model);
                    ulong removed = 0;
                    foreach (ulong key in new List<ulong>(model.Keys))
                    {
                        if (key >= first)
                        {
                            model.Remove(key);
                            removed++;
                        }
                    }

                    ExtentMap.TruncateFrom(map, ref count, first, replaced);
                    Assert.Equal(removed, replaced.Total());
                    Assert.Equal(before - removed, CountMapped(model));
                }
                else
                {
                    ulong blocks = (ulong)random.Next(1, 12);
                    ulong disk = random.Next(4) == 0 ? 0 : (ulong)random.Next(1, 5) * 1000 + (ulong)random.Next(0, 50);
                    ulong overwritten = 0;
                    for (ulong i = 0; i < blocks; i++)
                    {
                        if (model.Remove(first + i))
                        {
                            overwritten++;
                        }

                        if (disk != 0)
                        {
                            model[first + i] = disk + i;
                        }
                    }

                    Assert.True(ExtentMap.Map(map, ref count, first, disk, blocks, replaced));
                    Assert.Equal(overwritten, replaced.Total());
                }

                CheckInvariants(map, count);
                for (ulong block = 0; block < 220; block++)
                {
                    bool mapped = ExtentMap.Lookup(map, count, block, out ulong disk, out _);
                    Assert.Equal(model.ContainsKey(block), mapped);
                    if (mapped)
                    {
                        Assert.Equal(model[block], disk);
                    }
                }
            }
        }

        private static ulong CountMapped(Dictionary<ulong, ulong> model) => (ulong)model.Count;

        // Sorted, non-overlapping, non-empty, and no two neighbours that could be one extent.
        private static void CheckInvariants(FileExtent[] map, int count)
        {
            for (int i = 0; i < count; i++)
            {
                Assert.True(map[i].Count > 0);
                Assert.NotEqual(0UL, map[i].DiskBlock);
                if (i > 0)
                {
                    Assert.True(map[i - 1].FileEnd <= map[i].FileBlock);
                    bool mergeable = map[i - 1].FileEnd == map[i].FileBlock && map[i - 1].DiskBlock + map[i - 1].Count == map[i].DiskBlock;
                    Assert.False(mergeable);
                }
            }
        }
    }
}
