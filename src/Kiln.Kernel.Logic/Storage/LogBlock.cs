// A KilnFS log block's 32-byte header (docs/filesystem.md): magic "KLOG", CRC32C of the block, the superblock
// generation it belongs to, its sequence number in the log area, and the bytes used. A block is valid only with all
// of them right, which is how replay finds the end of the log and ignores blocks left from an area's earlier use.
using System;
using System.Buffers.Binary;

namespace Kiln.Storage
{
    public static class LogBlock
    {
        public const int HeaderSize = 32;

        /// <summary>"KLOG" as a little-endian word.</summary>
        private const uint Magic = 0x474F4C4B;

        /// <summary>True when <paramref name="block"/> is log block <paramref name="sequence"/> of generation <paramref name="generation"/>, with the bytes it uses.</summary>
        public static bool TryValidate(ReadOnlySpan<byte> block, ulong generation, ulong sequence, out int used)
        {
            used = 0;
            if (block.Length != KilnFsLayout.BlockSize
                || BinaryPrimitives.ReadUInt32LittleEndian(block) != Magic
                || BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(8)) != generation
                || BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(16)) != sequence)
            {
                return false;
            }

            int bytes = BinaryPrimitives.ReadInt32LittleEndian(block.Slice(24));
            if (bytes < HeaderSize || bytes > KilnFsLayout.BlockSize)
            {
                return false;
            }

            uint stored = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(4));
            if (stored != Checksum(block))
            {
                return false;
            }

            used = bytes;
            return true;
        }

        /// <summary>Writes the header of a block whose records fill bytes [32, <paramref name="used"/>); the bytes after them must be zero.</summary>
        public static void Seal(Span<byte> block, ulong generation, ulong sequence, int used)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(block, Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(4), 0);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(8), generation);
            BinaryPrimitives.WriteUInt64LittleEndian(block.Slice(16), sequence);
            BinaryPrimitives.WriteInt32LittleEndian(block.Slice(24), used);
            BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(28), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(4), Checksum(block));
        }

        // The CRC of the block with the checksum field counted as zero.
        private static uint Checksum(ReadOnlySpan<byte> block)
        {
            Span<byte> zero = stackalloc byte[4];
            zero.Clear();
            uint crc = Crc32C.Compute(block.Slice(0, 4));
            crc = Crc32C.Update(crc, zero);
            return Crc32C.Update(crc, block.Slice(8));
        }
    }
}
