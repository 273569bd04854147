// RegionMap randomized model tests: seeded random Insert/Remove/Protect over a small page-granular address space,
// checked after every step against a per-page reference (protection and kind, or unmapped) and the map's invariants.

using System;
using Kiln.Memory;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Memory
{
    public sealed class RegionMapModelTests
    {
        private const ulong Page = 0x1000;
        private const int Pages = 32;
        private const int Unmapped = -1;

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        public void RandomOperationsMatchAPerPageModel(int seed)
        {
            // Given room for every region the space can hold, every operation must do exactly what the model says.
            Random random = new Random(seed);
            RegionMap map = new RegionMap(Pages);
            int[] pages = NewReference();

            for (int step = 0; step < 4000; step++)
            {
                (int start, int end) = RandomRange(random);
                RegionProtection protection = RandomProtection(random);
                RegionKind kind = RandomKind(random);
                switch (random.Next(3))
                {
                    case 0:
                    {
                        bool expected = start < end && AllPages(pages, start, end, mapped: false);
                        Assert.Equal(expected, map.Insert(new Region((ulong)start * Page, (ulong)end * Page, protection, kind)));
                        if (expected)
                        {
                            Fill(pages, start, end, Encode(protection, kind));
                        }

                        break;
                    }

                    case 1:
                        Assert.True(map.Remove((ulong)start * Page, (ulong)end * Page));
                        Fill(pages, start, end, Unmapped);
                        break;

                    default:
                    {
                        bool expected = AllPages(pages, start, end, mapped: true);
                        Assert.Equal(expected, map.Protect((ulong)start * Page, (ulong)end * Page, protection));
                        if (expected)
                        {
                            for (int page = start; page < end; page++)
                            {
                                pages[page] = Encode(protection, (RegionKind)(pages[page] & 0xf));
                            }
                        }

                        break;
                    }
                }

                AssertMatches(map, pages);
                AssertQueriesMatch(map, pages, random);
            }
        }

        [Theory]
        [InlineData(5)]
        [InlineData(6)]
        [InlineData(7)]
        public void OperationsOnASmallMapEitherMatchTheModelOrChangeNothing(int seed)
        {
            // Given a map too small for the space, an operation may fail for want of room, but then it changes nothing;
            // a capacity failure can only happen when the map is (nearly) full.
            Random random = new Random(seed);
            RegionMap map = new RegionMap(4);
            int[] pages = NewReference();

            for (int step = 0; step < 4000; step++)
            {
                (int start, int end) = RandomRange(random);
                RegionProtection protection = RandomProtection(random);
                RegionKind kind = RandomKind(random);
                Region[] before = Snapshot(map);
                bool valid;
                bool done;
                int fill;
                switch (random.Next(3))
                {
                    case 0:
                        valid = start < end && AllPages(pages, start, end, mapped: false);
                        done = map.Insert(new Region((ulong)start * Page, (ulong)end * Page, protection, kind));
                        fill = Encode(protection, kind);
                        break;

                    case 1:
                        valid = true;
                        done = map.Remove((ulong)start * Page, (ulong)end * Page);
                        fill = Unmapped;
                        break;

                    default:
                        valid = AllPages(pages, start, end, mapped: true);
                        done = map.Protect((ulong)start * Page, (ulong)end * Page, protection);
                        fill = int.MinValue; // keep each page's kind
                        break;
                }

                if (done)
                {
                    Assert.True(valid);
                    for (int page = start; page < end; page++)
                    {
                        pages[page] = fill == int.MinValue ? Encode(protection, (RegionKind)(pages[page] & 0xf)) : fill;
                    }
                }
                else
                {
                    Assert.True(!valid || before.Length >= map.Capacity - 1, "a valid operation failed with room to spare");
                    Assert.Equal(before, Snapshot(map));
                }

                AssertMatches(map, pages);
            }
        }

        private static int[] NewReference()
        {
            int[] pages = new int[Pages];
            Array.Fill(pages, Unmapped);
            return pages;
        }

        private static (int Start, int End) RandomRange(Random random)
        {
            int start = random.Next(0, Pages + 1);
            int end = random.Next(10) == 0 ? random.Next(0, Pages + 1) : Math.Min(Pages, start + random.Next(0, 9));
            return (start, end);
        }

        // Few distinct values, so neighbours often match and merging gets exercised.
        private static RegionProtection RandomProtection(Random random) =>
            random.Next(2) == 0 ? RegionProtection.Read : RegionProtection.Read | RegionProtection.Write;

        private static RegionKind RandomKind(Random random) =>
            random.Next(4) == 0 ? RegionKind.Heap : RegionKind.Anonymous;

        private static int Encode(RegionProtection protection, RegionKind kind) => ((int)protection << 4) | (int)kind;

        private static bool AllPages(int[] pages, int start, int end, bool mapped)
        {
            for (int page = start; page < end; page++)
            {
                if ((pages[page] != Unmapped) != mapped)
                {
                    return false;
                }
            }

            return true;
        }

        private static void Fill(int[] pages, int start, int end, int value)
        {
            for (int page = start; page < end; page++)
            {
                pages[page] = value;
            }
        }

        private static Region[] Snapshot(RegionMap map)
        {
            Region[] regions = new Region[map.Count];
            for (int i = 0; i < regions.Length; i++)
            {
                regions[i] = map[i];
            }

            return regions;
        }

        // The map must hold exactly the maximal runs of equal pages: sorted, non-overlapping, page-aligned, non-empty,
        // and with no two touching neighbours that could have been merged.
        private static void AssertMatches(RegionMap map, int[] pages)
        {
            Region[] actual = Snapshot(map);
            for (int i = 0; i < actual.Length; i++)
            {
                Assert.True(actual[i].Start < actual[i].End);
                Assert.Equal(0UL, actual[i].Start % Page);
                Assert.Equal(0UL, actual[i].End % Page);
                if (i > 0)
                {
                    Assert.True(actual[i - 1].End <= actual[i].Start, "regions overlap or are out of order");
                    bool mergeable = actual[i - 1].End == actual[i].Start
                        && actual[i - 1].Protection == actual[i].Protection
                        && actual[i - 1].Kind == actual[i].Kind;
                    Assert.False(mergeable, "mergeable neighbours left apart");
                }
            }

            int index = 0;
            for (int page = 0; page < Pages;)
            {
                int runEnd = page + 1;
                while (runEnd < Pages && pages[runEnd] == pages[page])
                {
                    runEnd++;
                }

                if (pages[page] != Unmapped)
                {
                    Assert.True(index < actual.Length, "the map lacks a region the model has");
                    Region expected = new Region(
                        (ulong)page * Page,
                        (ulong)runEnd * Page,
                        (RegionProtection)(pages[page] >> 4),
                        (RegionKind)(pages[page] & 0xf));
                    Assert.Equal(expected, actual[index]);
                    index++;
                }

                page = runEnd;
            }

            Assert.Equal(index, actual.Length);
        }

        private static void AssertQueriesMatch(RegionMap map, int[] pages, Random random)
        {
            for (int page = 0; page < Pages; page++)
            {
                ulong address = ((ulong)page * Page) + (ulong)random.Next(0, (int)Page);
                bool found = map.TryFind(address, out Region region);
                Assert.Equal(pages[page] != Unmapped, found);
                if (found)
                {
                    Assert.True(region.Contains(address));
                    Assert.Equal(pages[page], Encode(region.Protection, region.Kind));
                }
            }

            (int start, int end) = RandomRange(random);
            if (start < end)
            {
                Assert.Equal(AllPages(pages, start, end, mapped: false), map.IsFree((ulong)start * Page, (ulong)end * Page));
            }

            Assert.Equal(AllPages(pages, start, end, mapped: true), map.IsCovered((ulong)start * Page, (ulong)end * Page));

            int length = random.Next(1, 10);
            int floor = random.Next(0, Pages);
            int ceiling = random.Next(floor, Pages + 1);
            int expectedGap = -1;
            for (int candidate = ceiling - length; candidate >= floor; candidate--)
            {
                if (AllPages(pages, candidate, candidate + length, mapped: false))
                {
                    expectedGap = candidate;
                    break;
                }
            }

            bool gapFound = map.TryFindGap((ulong)length * Page, (ulong)floor * Page, (ulong)ceiling * Page, out ulong gap);
            Assert.Equal(expectedGap >= 0, gapFound);
            if (gapFound)
            {
                Assert.Equal((ulong)expectedGap * Page, gap);
            }
        }
    }
}
