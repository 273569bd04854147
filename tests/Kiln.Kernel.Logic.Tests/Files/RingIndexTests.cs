// RingIndex tests: contiguous runs around the wrap, refusal of over-consume and over-produce, the reset to offset 0
// when empty, and a seeded model test against a queue of bytes.

using System;
using System.Collections.Generic;
using Kiln.Files;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Files
{
    public sealed class RingIndexTests
    {
        [Fact]
        public void NewRingIsEmptyWithOneFreeRunOfTheWholeCapacity()
        {
            RingIndex ring = new RingIndex(16);

            Assert.Equal(0, ring.Count);
            Assert.Equal(16, ring.Free);
            Assert.Equal(16, ring.WritableRun(out int offset));
            Assert.Equal(0, offset);
            Assert.Equal(0, ring.ReadableRun(out _));
        }

        [Fact]
        public void RunsStopAtTheEndOfTheBufferAndContinueAtTheStart()
        {
            RingIndex ring = new RingIndex(16);
            Assert.True(ring.Produce(12));
            Assert.True(ring.Consume(10));

            // Held: [10, 12). Free: [12, 16) then [0, 10).
            Assert.Equal(4, ring.WritableRun(out int writeAt));
            Assert.Equal(12, writeAt);
            Assert.True(ring.Produce(4));
            Assert.Equal(10, ring.WritableRun(out writeAt));
            Assert.Equal(0, writeAt);
            Assert.True(ring.Produce(3));

            Assert.Equal(6, ring.ReadableRun(out int readAt));
            Assert.Equal(10, readAt);
            Assert.True(ring.Consume(6));
            Assert.Equal(3, ring.ReadableRun(out readAt));
            Assert.Equal(0, readAt);
        }

        [Fact]
        public void ConsumingEverythingStartsOverAtZero()
        {
            RingIndex ring = new RingIndex(16);
            ring.Produce(5);
            ring.Consume(5);

            Assert.Equal(16, ring.WritableRun(out int offset));
            Assert.Equal(0, offset);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(17)]
        public void ProduceRefusesWhatDoesNotFit(int length)
        {
            RingIndex ring = new RingIndex(16);

            Assert.False(ring.Produce(length));
            Assert.Equal(0, ring.Count);
        }

        [Fact]
        public void ConsumeRefusesMoreThanIsHeld()
        {
            RingIndex ring = new RingIndex(16);
            ring.Produce(3);

            Assert.False(ring.Consume(4));
            Assert.Equal(3, ring.Count);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(42)]
        [InlineData(20240601)]
        public void BehavesAsAQueueOfBytes(int seed)
        {
            const int capacity = 64;
            Random random = new Random(seed);
            RingIndex ring = new RingIndex(capacity);
            byte[] memory = new byte[capacity];
            Queue<byte> model = new Queue<byte>();
            byte next = 0;
            for (int step = 0; step < 10_000; step++)
            {
                if (random.Next(2) == 0)
                {
                    int want = random.Next(0, 40);
                    while (want > 0 && ring.Free > 0)
                    {
                        int run = Math.Min(want, ring.WritableRun(out int offset));
                        for (int i = 0; i < run; i++)
                        {
                            memory[offset + i] = next;
                            model.Enqueue(next++);
                        }

                        Assert.True(ring.Produce(run));
                        want -= run;
                    }
                }
                else
                {
                    int want = random.Next(0, 40);
                    while (want > 0 && ring.Count > 0)
                    {
                        int run = Math.Min(want, ring.ReadableRun(out int offset));
                        for (int i = 0; i < run; i++)
                        {
                            Assert.Equal(model.Dequeue(), memory[offset + i]);
                        }

                        Assert.True(ring.Consume(run));
                        want -= run;
                    }
                }

                Assert.Equal(model.Count, ring.Count);
                Assert.Equal(capacity - model.Count, ring.Free);
            }
        }
    }
}
