// Superblock encoding, validation and the choice between the two slots.
using System;
using System.Text;
using Kiln.Storage;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Storage
{
    public class SuperblockTests
    {
        private static byte[] Encode(Superblock superblock)
        {
            byte[] block = new byte[KilnFsLayout.BlockSize];
            superblock.Write(block);
            return block;
        }

        [Fact]
        public void Round_trips_every_field()
        {
            Superblock written = Superblock.Create(10_000, 256, Encoding.UTF8.GetBytes("data"), 0x1122, 0x3344);
            written.NextInode = 77;
            Assert.True(Superblock.TryRead(Encode(written), out Superblock read));
            Assert.Equal(10_000UL, read.BlockCount);
            Assert.Equal(1UL, read.Generation);
            Assert.Equal(2UL, read.LogStart0);
            Assert.Equal(258UL, read.LogStart1);
            Assert.Equal(256u, read.LogBlocks);
            Assert.Equal(77UL, read.NextInode);
            Assert.Equal(0x1122UL, read.UuidLow);
            Assert.True(read.LabelEquals(Encoding.UTF8.GetBytes("data")));
            Assert.False(read.LabelEquals(Encoding.UTF8.GetBytes("dat")));
        }

        [Fact]
        public void A_flipped_bit_invalidates_it()
        {
            byte[] block = Encode(Superblock.Create(10_000, 256, Encoding.UTF8.GetBytes("root"), 1, 2));
            block[20] ^= 0x10;
            Assert.False(Superblock.TryRead(block, out _));
        }

        [Fact]
        public void The_valid_slot_with_the_higher_generation_wins()
        {
            Superblock first = Superblock.Create(10_000, 256, Encoding.UTF8.GetBytes("root"), 1, 2);
            Superblock second = first;
            second.Generation = 2;
            second.ActiveLog = 1;
            byte[] slot0 = Encode(second);
            byte[] slot1 = Encode(first);
            Assert.True(Superblock.Choose(slot0, slot1, out Superblock chosen));
            Assert.Equal(2UL, chosen.Generation);

            slot0[30] ^= 1;
            Assert.True(Superblock.Choose(slot0, slot1, out chosen));
            Assert.Equal(1UL, chosen.Generation);

            slot1[30] ^= 1;
            Assert.False(Superblock.Choose(slot0, slot1, out _));
        }

        [Fact]
        public void A_superblock_in_the_wrong_slot_is_ignored()
        {
            Superblock generationOne = Superblock.Create(10_000, 256, Encoding.UTF8.GetBytes("root"), 1, 2);
            Assert.False(Superblock.Choose(Encode(generationOne), new byte[KilnFsLayout.BlockSize], out _));
        }
    }
}
