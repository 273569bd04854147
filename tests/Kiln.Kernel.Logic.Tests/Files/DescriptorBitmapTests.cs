// DescriptorBitmap tests: lowest-free search with and without a floor, growth keeping what was set, the highest set
// bit, and a seeded model test against a bool[] reference.

using System;
using Kiln.Files;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Files
{
    public sealed class DescriptorBitmapTests
    {
        [Fact]
        public void LowestFreeNumberIsReturnedFirst()
        {
            DescriptorBitmap bitmap = new DescriptorBitmap(64);
            bitmap.Set(0);
            bitmap.Set(1);
            bitmap.Set(2);
            bitmap.Set(4);

            Assert.Equal(3, bitmap.FindFirstClear(0));
            Assert.Equal(5, bitmap.FindFirstClear(4));
            Assert.Equal(10, bitmap.FindFirstClear(10));
        }

        [Fact]
        public void AFullBitmapAnswersItsCapacity()
        {
            DescriptorBitmap bitmap = new DescriptorBitmap(64);
            for (int i = 0; i < 64; i++)
            {
                bitmap.Set(i);
            }

            Assert.Equal(64, bitmap.Capacity);
            Assert.Equal(64, bitmap.FindFirstClear(0));
        }

        [Fact]
        public void GrowingKeepsTheBitsAndDoubles()
        {
            DescriptorBitmap bitmap = new DescriptorBitmap(64);
            bitmap.Set(63);

            bitmap.EnsureCapacity(65);

            Assert.Equal(128, bitmap.Capacity);
            Assert.True(bitmap.IsSet(63));
            Assert.False(bitmap.IsSet(64));
            bitmap.Set(100);
            Assert.Equal(100, bitmap.HighestSet());
        }

        [Fact]
        public void OutOfRangeQueriesAreFalseAndClearsAreIgnored()
        {
            DescriptorBitmap bitmap = new DescriptorBitmap(64);

            Assert.False(bitmap.IsSet(-1));
            Assert.False(bitmap.IsSet(1000));
            bitmap.Clear(1000);
            Assert.Equal(-1, bitmap.HighestSet());
            Assert.Equal(0, bitmap.FindFirstClear(-5));
        }

        [Theory]
        [InlineData(7)]
        [InlineData(1234)]
        public void MatchesABoolArray(int seed)
        {
            Random random = new Random(seed);
            DescriptorBitmap bitmap = new DescriptorBitmap(64);
            bool[] model = new bool[512];
            for (int step = 0; step < 5000; step++)
            {
                int bit = random.Next(model.Length);
                if (random.Next(3) == 0)
                {
                    bitmap.Clear(bit);
                    model[bit] = false;
                }
                else
                {
                    bitmap.EnsureCapacity(bit + 1);
                    bitmap.Set(bit);
                    model[bit] = true;
                }

                int floor = random.Next(model.Length);
                int expected = floor;
                while (expected < model.Length && model[expected])
                {
                    expected++;
                }

                int found = bitmap.FindFirstClear(floor);
                // Past the capacity there is nothing to find: the answer is the capacity, and the caller grows.
                Assert.Equal(expected >= bitmap.Capacity ? bitmap.Capacity : expected, found);
                Assert.Equal(Array.LastIndexOf(model, true), bitmap.HighestSet());
            }
        }
    }
}
