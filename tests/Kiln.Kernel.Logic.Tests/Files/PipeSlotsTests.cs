// PipeSlots tests: Linux's capacities for different write sizes (whole pages, 1000-byte writes, single bytes), the
// top-up of the last page only by a write's odd part, slots freed only when fully read, and a seeded model test that
// every byte comes out in order.

using System;
using System.Collections.Generic;
using Kiln.Files;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Files
{
    public sealed class PipeSlotsTests
    {
        // Writes as fs/pipe.c does them, non-blocking: how many bytes went in (0 when nothing fit).
        private static int Write(PipeSlots slots, byte[] pages, int length, ref byte next, Queue<byte>? model = null)
        {
            int written = 0;
            int merge = slots.MergeRoom(length, out int slot, out int offset);
            if (merge > 0)
            {
                for (int i = 0; i < merge; i++)
                {
                    pages[(slot * PipeSlots.PageSize) + offset + i] = next;
                    model?.Enqueue(next);
                    next++;
                }

                slots.Extend(merge);
                written = merge;
            }

            while (written < length && !slots.IsFull)
            {
                int chunk = Math.Min(PipeSlots.PageSize, length - written);
                int page = slots.NextFreeSlot;
                for (int i = 0; i < chunk; i++)
                {
                    pages[(page * PipeSlots.PageSize) + i] = next;
                    model?.Enqueue(next);
                    next++;
                }

                slots.Append(chunk);
                written += chunk;
            }

            return written;
        }

        private static int Fill(int writeSize)
        {
            PipeSlots slots = new PipeSlots();
            byte[] pages = new byte[PipeSlots.Capacity];
            byte next = 0;
            int total = 0;
            for (;;)
            {
                // A write of at most a page that does not fit whole is refused (EAGAIN), as Linux does.
                if (writeSize <= PipeSlots.PageSize && slots.MergeRoom(writeSize, out _, out _) == 0 && slots.IsFull)
                {
                    return total;
                }

                int written = Write(slots, pages, writeSize, ref next);
                if (written == 0)
                {
                    return total;
                }

                total += written;
            }
        }

        [Theory]
        [InlineData(4096, 65536)]
        [InlineData(1000, 64000)]
        [InlineData(1, 65536)]
        [InlineData(3000, 48000)]
        public void CapacityDependsOnWriteSizeAsOnLinux(int writeSize, int expected)
        {
            Assert.Equal(expected, Fill(writeSize));
        }

        [Fact]
        public void OnlyTheOddPartOfAWriteTopsUpTheLastPage()
        {
            PipeSlots slots = new PipeSlots();
            byte[] pages = new byte[PipeSlots.Capacity];
            byte next = 0;
            Write(slots, pages, 100, ref next);

            // 4096 + 50: the 50 join the first page, the whole page takes a new slot.
            Assert.Equal(50, slots.MergeRoom(4096 + 50, out int slot, out int offset));
            Assert.Equal(0, slot);
            Assert.Equal(100, offset);

            // A whole page never merges.
            Assert.Equal(0, slots.MergeRoom(4096, out _, out _));
        }

        [Fact]
        public void APartlyReadSlotIsNotFreed()
        {
            PipeSlots slots = new PipeSlots();
            byte[] pages = new byte[PipeSlots.Capacity];
            byte next = 0;
            for (int i = 0; i < PipeSlots.SlotCount; i++)
            {
                Write(slots, pages, PipeSlots.PageSize, ref next);
            }

            slots.Consume(3000);

            Assert.True(slots.IsFull);
            Assert.Equal(PipeSlots.Capacity - 3000, slots.Bytes);
            slots.Consume(PipeSlots.PageSize - 3000);
            Assert.False(slots.IsFull);
            Assert.Equal(0, slots.NextFreeSlot);
        }

        [Theory]
        [InlineData(3)]
        [InlineData(99)]
        [InlineData(31337)]
        public void BytesComeOutInOrder(int seed)
        {
            Random random = new Random(seed);
            PipeSlots slots = new PipeSlots();
            byte[] pages = new byte[PipeSlots.Capacity];
            Queue<byte> model = new Queue<byte>();
            byte next = 0;
            for (int step = 0; step < 20_000; step++)
            {
                if (random.Next(2) == 0)
                {
                    Write(slots, pages, random.Next(1, 9000), ref next, model);
                }
                else
                {
                    int want = random.Next(1, 9000);
                    while (want > 0 && !slots.IsEmpty)
                    {
                        int slot = slots.Oldest(out int offset, out int length);
                        int take = Math.Min(want, length);
                        for (int i = 0; i < take; i++)
                        {
                            Assert.Equal(model.Dequeue(), pages[(slot * PipeSlots.PageSize) + offset + i]);
                        }

                        slots.Consume(take);
                        want -= take;
                    }
                }

                Assert.Equal(model.Count, slots.Bytes);
                Assert.Equal(model.Count == 0, slots.IsEmpty);
            }
        }
    }
}
