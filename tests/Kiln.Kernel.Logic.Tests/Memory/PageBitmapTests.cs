// PageBitmap tests: the all-used start, range counters, lowest-frame allocation under a limit, contiguous runs, and a
// seeded random model test against a bool[] reference.

using System;
using Kiln.Memory;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Memory
{
    public sealed class PageBitmapTests
    {
        [Fact]
        public void NewBitmapHasEveryFrameInUse()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(100)];

            PageBitmap bitmap = new PageBitmap(words, 100);

            Assert.Equal(100, bitmap.FrameCount);
            Assert.Equal(0, bitmap.FreeCount);
            Assert.All(words, word => Assert.Equal(ulong.MaxValue, word));
            for (long frame = 0; frame < 100; frame++)
            {
                Assert.True(bitmap.IsUsed(words, frame));
            }

            Assert.False(bitmap.TryAllocate(words, 100, out long allocated));
            Assert.Equal(-1, allocated);
        }

        [Fact]
        public void FrameCountIsClampedToTheWords()
        {
            ulong[] words = new ulong[2];

            PageBitmap bitmap = new PageBitmap(words, 1000);

            Assert.Equal(128, bitmap.FrameCount);
        }

        [Theory]
        [InlineData(0, 0)]
        [InlineData(1, 1)]
        [InlineData(64, 1)]
        [InlineData(65, 2)]
        [InlineData(128, 2)]
        [InlineData(129, 3)]
        public void WordsForRoundsUpToWholeWords(long frames, int expected)
        {
            Assert.Equal(expected, PageBitmap.WordsFor(frames));
        }

        [Fact]
        public void FreeRangeCountsEachFrameOnce()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(200)];
            PageBitmap bitmap = new PageBitmap(words, 200);

            bitmap.FreeRange(words, 10, 100);
            bitmap.FreeRange(words, 60, 100); // overlaps [60, 110) already free; adds [110, 160)

            Assert.Equal(150, bitmap.FreeCount);
            Assert.True(bitmap.IsUsed(words, 9));
            Assert.False(bitmap.IsUsed(words, 10));
            Assert.False(bitmap.IsUsed(words, 159));
            Assert.True(bitmap.IsUsed(words, 160));
        }

        [Fact]
        public void FreeRangeIsClippedToTheFrames()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(100)];
            PageBitmap bitmap = new PageBitmap(words, 100);

            bitmap.FreeRange(words, -5, 10);
            bitmap.FreeRange(words, 95, 50);

            Assert.Equal(10, bitmap.FreeCount);
            Assert.False(bitmap.IsUsed(words, 0));
            Assert.False(bitmap.IsUsed(words, 4));
            Assert.True(bitmap.IsUsed(words, 5));
            Assert.False(bitmap.IsUsed(words, 99));

            // Only frames 95-99 are clear in the second word; the bits past the last frame stay set.
            Assert.Equal(~(0x1FUL << (95 - 64)), words[1]);
        }

        [Fact]
        public void ReserveRangeCountsOnlyFramesThatWereFree()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(128)];
            PageBitmap bitmap = new PageBitmap(words, 128);
            bitmap.FreeRange(words, 0, 64);

            bitmap.ReserveRange(words, 32, 64); // half free, half already used

            Assert.Equal(32, bitmap.FreeCount);
            Assert.False(bitmap.IsUsed(words, 31));
            Assert.True(bitmap.IsUsed(words, 32));
            Assert.True(bitmap.IsUsed(words, 63));
        }

        [Fact]
        public void TryAllocateTakesTheLowestFreeFrame()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(256)];
            PageBitmap bitmap = new PageBitmap(words, 256);
            bitmap.FreeRange(words, 200, 10);
            bitmap.FreeRange(words, 70, 2);

            Assert.True(bitmap.TryAllocate(words, 256, out long first));
            Assert.True(bitmap.TryAllocate(words, 256, out long second));
            Assert.True(bitmap.TryAllocate(words, 256, out long third));

            Assert.Equal(70, first);
            Assert.Equal(71, second);
            Assert.Equal(200, third);
            Assert.True(bitmap.IsUsed(words, 70));
            Assert.Equal(9, bitmap.FreeCount);
        }

        [Fact]
        public void TryAllocateReturnsAFrameFreedBelowThePreviousAllocation()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(128)];
            PageBitmap bitmap = new PageBitmap(words, 128);
            bitmap.FreeRange(words, 100, 10);
            Assert.True(bitmap.TryAllocate(words, 128, out long high));

            Assert.True(bitmap.Free(words, 3));
            Assert.True(bitmap.TryAllocate(words, 128, out long low));

            Assert.Equal(100, high);
            Assert.Equal(3, low);
        }

        [Fact]
        public void TryAllocateRespectsTheLimit()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(256)];
            PageBitmap bitmap = new PageBitmap(words, 256);
            bitmap.FreeRange(words, 100, 1);

            bool belowHundred = bitmap.TryAllocate(words, 100, out long none);
            bool belowHundredAndOne = bitmap.TryAllocate(words, 101, out long frame);

            Assert.False(belowHundred);
            Assert.Equal(-1, none);
            Assert.True(belowHundredAndOne);
            Assert.Equal(100, frame);
            Assert.Equal(0, bitmap.FreeCount);
        }

        [Fact]
        public void TryAllocateNeverReturnsFramesPastTheFrameCount()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(70)];
            PageBitmap bitmap = new PageBitmap(words, 70);
            bitmap.FreeRange(words, 69, 1);
            words[1] &= ~(1UL << 10); // frame 74: beyond the count; must never be handed out

            Assert.True(bitmap.TryAllocate(words, long.MaxValue, out long frame));
            Assert.False(bitmap.TryAllocate(words, long.MaxValue, out _));
            Assert.Equal(69, frame);
        }

        [Fact]
        public void FreeOfAnUnusedOrOutOfRangeFrameChangesNothing()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(100)];
            PageBitmap bitmap = new PageBitmap(words, 100);
            bitmap.FreeRange(words, 0, 10);
            ulong[] before = (ulong[])words.Clone();

            Assert.False(bitmap.Free(words, 5));
            Assert.False(bitmap.Free(words, -1));
            Assert.False(bitmap.Free(words, 100));
            Assert.False(bitmap.Free(words, 127));

            Assert.Equal(10, bitmap.FreeCount);
            Assert.Equal(before, words);
        }

        [Fact]
        public void FreeOfAUsedFrameCountsIt()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(100)];
            PageBitmap bitmap = new PageBitmap(words, 100);

            Assert.True(bitmap.Free(words, 42));

            Assert.Equal(1, bitmap.FreeCount);
            Assert.False(bitmap.IsUsed(words, 42));
        }

        [Fact]
        public void TryAllocateContiguousTakesTheLowestRunThatFits()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(256)];
            PageBitmap bitmap = new PageBitmap(words, 256);
            bitmap.FreeRange(words, 10, 3);   // too short
            bitmap.FreeRange(words, 60, 8);   // crosses the word boundary at 64
            bitmap.FreeRange(words, 100, 20);

            Assert.True(bitmap.TryAllocateContiguous(words, 5, 256, out long first));
            Assert.True(bitmap.TryAllocateContiguous(words, 5, 256, out long second));

            Assert.Equal(60, first);
            Assert.Equal(100, second);
            for (long frame = 60; frame < 65; frame++)
            {
                Assert.True(bitmap.IsUsed(words, frame));
            }

            Assert.False(bitmap.IsUsed(words, 65));
            Assert.False(bitmap.IsUsed(words, 105));
            Assert.Equal(3 + 8 + 20 - 10, bitmap.FreeCount);
        }

        [Fact]
        public void TryAllocateContiguousRespectsTheLimitAndFailsCleanly()
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(128)];
            PageBitmap bitmap = new PageBitmap(words, 128);
            bitmap.FreeRange(words, 20, 10);
            ulong[] before = (ulong[])words.Clone();

            bool tooLong = bitmap.TryAllocateContiguous(words, 11, 128, out long none);
            bool pastLimit = bitmap.TryAllocateContiguous(words, 10, 29, out _);
            bool atLimit = bitmap.TryAllocateContiguous(words, 10, 30, out long first);

            Assert.False(tooLong);
            Assert.Equal(-1, none);
            Assert.False(pastLimit);
            Assert.True(atLimit);
            Assert.Equal(20, first);
            Assert.Equal(0, bitmap.FreeCount);
            Assert.NotEqual(before, words);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        public void TryAllocateContiguousOfNoFramesFails(long count)
        {
            ulong[] words = new ulong[PageBitmap.WordsFor(128)];
            PageBitmap bitmap = new PageBitmap(words, 128);
            bitmap.FreeRange(words, 64, 10);
            ulong[] before = (ulong[])words.Clone();

            Assert.False(bitmap.TryAllocateContiguous(words, count, 128, out long first));

            Assert.Equal(-1, first);
            Assert.Equal(10, bitmap.FreeCount);
            Assert.Equal(before, words);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void RandomOperationsMatchABoolArrayModel(int seed)
        {
            // Given a bitmap whose frame count is not a whole number of words and a bool[] reference,
            // when thousands of random operations run on both, then every answer and every bit agree.
            const long Frames = 300;
            Random random = new Random(seed);
            ulong[] words = new ulong[PageBitmap.WordsFor(Frames)];
            PageBitmap bitmap = new PageBitmap(words, Frames);
            bool[] used = new bool[Frames];
            Array.Fill(used, true);

            for (int step = 0; step < 5000; step++)
            {
                long limit = random.Next(0, (int)Frames + 20);
                switch (random.Next(5))
                {
                    case 0:
                    {
                        long first = random.Next(-10, (int)Frames + 10);
                        long count = random.Next(0, 40);
                        bitmap.FreeRange(words, first, count);
                        SetRange(used, first, count, false);
                        break;
                    }

                    case 1:
                    {
                        long first = random.Next(-10, (int)Frames + 10);
                        long count = random.Next(0, 20);
                        bitmap.ReserveRange(words, first, count);
                        SetRange(used, first, count, true);
                        break;
                    }

                    case 2:
                    {
                        long frame = random.Next(-2, (int)Frames + 2);
                        bool expected = frame >= 0 && frame < Frames && used[frame];
                        Assert.Equal(expected, bitmap.Free(words, frame));
                        if (expected)
                        {
                            used[frame] = false;
                        }

                        break;
                    }

                    case 3:
                    {
                        long expected = LowestRun(used, 1, limit);
                        Assert.Equal(expected >= 0, bitmap.TryAllocate(words, limit, out long frame));
                        Assert.Equal(expected, frame);
                        if (expected >= 0)
                        {
                            used[expected] = true;
                        }

                        break;
                    }

                    default:
                    {
                        long count = random.Next(1, 12);
                        long expected = LowestRun(used, count, limit);
                        Assert.Equal(expected >= 0, bitmap.TryAllocateContiguous(words, count, limit, out long first));
                        Assert.Equal(expected, first);
                        if (expected >= 0)
                        {
                            SetRange(used, expected, count, true);
                        }

                        break;
                    }
                }

                AssertMatches(bitmap, words, used);
            }
        }

        private static void SetRange(bool[] used, long first, long count, bool value)
        {
            for (long frame = Math.Max(first, 0); frame < Math.Min(first + count, used.Length); frame++)
            {
                used[frame] = value;
            }
        }

        // The start of the lowest run of count free frames lying wholly below limit, or -1.
        private static long LowestRun(bool[] used, long count, long limit)
        {
            long end = Math.Min(limit, used.Length);
            for (long start = 0; start + count <= end; start++)
            {
                bool free = true;
                for (long frame = start; frame < start + count && free; frame++)
                {
                    free = !used[frame];
                }

                if (free)
                {
                    return start;
                }
            }

            return -1;
        }

        private static void AssertMatches(PageBitmap bitmap, ulong[] words, bool[] used)
        {
            long free = 0;
            for (long frame = 0; frame < used.Length; frame++)
            {
                Assert.Equal(used[frame], bitmap.IsUsed(words, frame));
                free += used[frame] ? 0 : 1;
            }

            for (long frame = used.Length; frame < (long)words.Length * 64; frame++)
            {
                Assert.True(bitmap.IsUsed(words, frame));
            }

            Assert.Equal(free, bitmap.FreeCount);
        }
    }
}
