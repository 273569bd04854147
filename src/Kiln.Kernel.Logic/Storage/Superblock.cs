// The KilnFS superblock (docs/filesystem.md): the first 128 bytes of blocks 0 and 1. Generation g lives in slot g % 2;
// mount takes the valid slot with the higher generation, so a checkpoint that dies before its superblock write leaves
// the previous one in force.
using System;
using System.Buffers.Binary;

namespace Kiln.Storage
{
    public struct Superblock
    {
        public const int Size = 128;
        public const uint Version = 1;
        public const int LabelLength = 32;


        public ulong BlockCount;
        public ulong Generation;
        public ulong LogStart0;
        public ulong LogStart1;
        public uint LogBlocks;
        public uint ActiveLog;
        public ulong NextInode;
        public ulong RootInode;
        public ulong UuidLow;
        public ulong UuidHigh;

        private ulong _label0;
        private ulong _label1;
        private ulong _label2;
        private ulong _label3;

        /// <summary>The first block of the active log area.</summary>
        public ulong ActiveLogStart => ActiveLog == 0 ? LogStart0 : LogStart1;

        /// <summary>The first block of the area a checkpoint writes into.</summary>
        public ulong InactiveLogStart => ActiveLog == 0 ? LogStart1 : LogStart0;

        /// <summary>The slot (0 or 1) this superblock is written to.</summary>
        public int Slot => (int)(Generation % 2);

        /// <summary>A fresh file system's superblock: generation 1 (slot 1), log area 0 active.</summary>
        public static Superblock Create(ulong blockCount, uint logBlocks, ReadOnlySpan<byte> label, ulong uuidLow, ulong uuidHigh)
        {
            Superblock superblock = default;
            superblock.BlockCount = blockCount;
            superblock.Generation = 1;
            superblock.LogStart0 = KilnFsLayout.FirstLogBlock;
            superblock.LogStart1 = KilnFsLayout.FirstLogBlock + logBlocks;
            superblock.LogBlocks = logBlocks;
            superblock.ActiveLog = 0;
            superblock.NextInode = KilnFsLayout.RootInode + 1;
            superblock.RootInode = KilnFsLayout.RootInode;
            superblock.UuidLow = uuidLow;
            superblock.UuidHigh = uuidHigh;
            superblock.SetLabel(label);
            return superblock;
        }

        /// <summary>Reads a superblock slot: false when the magic, version, block size, CRC or layout is wrong.</summary>
        public static bool TryRead(ReadOnlySpan<byte> block, out Superblock superblock)
        {
            superblock = default;
            if (block.Length < Size
                || !HasMagic(block)
                || BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(8)) != Version
                || BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(12)) != KilnFsLayout.BlockSize
                || BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(124)) != Crc32C.Compute(block.Slice(0, 124)))
            {
                return false;
            }

            superblock.BlockCount = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(16));
            superblock.Generation = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(24));
            superblock.LogStart0 = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(32));
            superblock.LogStart1 = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(40));
            superblock.LogBlocks = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(48));
            superblock.ActiveLog = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(52));
            superblock.NextInode = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(56));
            superblock.RootInode = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(64));
            superblock.UuidLow = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(72));
            superblock.UuidHigh = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(80));
            superblock._label0 = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(88));
            superblock._label1 = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(96));
            superblock._label2 = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(104));
            superblock._label3 = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(112));
            return superblock.IsConsistent();
        }

        /// <summary>
        /// The superblock in force given both slots' contents: true with the valid one of higher generation, false
        /// when neither is valid (not a KilnFS partition, or both slots destroyed).
        /// </summary>
        public static bool Choose(ReadOnlySpan<byte> slot0, ReadOnlySpan<byte> slot1, out Superblock superblock)
        {
            bool valid0 = TryRead(slot0, out Superblock first) && first.Slot == 0;
            bool valid1 = TryRead(slot1, out Superblock second) && second.Slot == 1;
            if (valid0 && (!valid1 || first.Generation > second.Generation))
            {
                superblock = first;
                return true;
            }

            superblock = second;
            return valid1;
        }

        /// <summary>Writes the 128 bytes (CRC included) at the start of <paramref name="block"/>; the caller zeroes the rest.</summary>
        public void Write(Span<byte> block)
        {
            block.Slice(0, Size).Clear();
            WriteMagic(block);
            BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(8), Version);
            BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(12), KilnFsLayout.BlockSize);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(16), BlockCount);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(24), Generation);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(32), LogStart0);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(40), LogStart1);
            BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(48), LogBlocks);
            BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(52), ActiveLog);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(56), NextInode);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(64), RootInode);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(72), UuidLow);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(80), UuidHigh);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(88), _label0);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(96), _label1);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(104), _label2);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(112), _label3);
            BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(124), Crc32C.Compute(block.Slice(0, 124)));
        }

        /// <summary>Sets the label (at most 32 bytes of UTF-8; longer is cut).</summary>
        public void SetLabel(ReadOnlySpan<byte> label)
        {
            Span<byte> bytes = stackalloc byte[LabelLength];
            bytes.Clear();
            int length = label.Length < LabelLength ? label.Length : LabelLength;
            for (int i = 0; i < length; i++)
            {
                bytes[i] = label[i];
            }

            _label0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            _label1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(8));
            _label2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(16));
            _label3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(24));
        }

        /// <summary>Copies the label's bytes (without the NUL padding) into <paramref name="destination"/> (32 bytes); returns its length.</summary>
        public int CopyLabel(Span<byte> destination)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, _label0);
            BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(8), _label1);
            BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(16), _label2);
            BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(24), _label3);
            int length = 0;
            while (length < LabelLength && destination[length] != 0)
            {
                length++;
            }

            return length;
        }

        public bool LabelEquals(ReadOnlySpan<byte> label)
        {
            Span<byte> mine = stackalloc byte[LabelLength];
            int length = CopyLabel(mine);
            if (length != label.Length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (mine[i] != label[i])
                {
                    return false;
                }
            }

            return true;
        }

        private bool IsConsistent()
        {
            ulong dataStart = KilnFsLayout.FirstDataBlock(LogBlocks);
            return LogBlocks >= 2
                && ActiveLog <= 1
                && LogStart0 == KilnFsLayout.FirstLogBlock
                && LogStart1 == KilnFsLayout.FirstLogBlock + LogBlocks
                && dataStart <= BlockCount
                && RootInode == KilnFsLayout.RootInode
                && NextInode > RootInode;
        }

        private static bool HasMagic(ReadOnlySpan<byte> block) =>
            block[0] == (byte)'K' && block[1] == (byte)'I' && block[2] == (byte)'L' && block[3] == (byte)'N'
            && block[4] == (byte)'F' && block[5] == (byte)'S' && block[6] == (byte)'0' && block[7] == (byte)'1';

        private static void WriteMagic(Span<byte> block)
        {
            block[0] = (byte)'K';
            block[1] = (byte)'I';
            block[2] = (byte)'L';
            block[3] = (byte)'N';
            block[4] = (byte)'F';
            block[5] = (byte)'S';
            block[6] = (byte)'0';
            block[7] = (byte)'1';
        }
    }
}
