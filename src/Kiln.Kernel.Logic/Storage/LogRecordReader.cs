// Walks the records of one valid log block, and decodes the small record kinds. A record that overruns the block's
// used bytes, or a payload of the wrong size, marks the block malformed: replay then stops there, as at a torn block.
using System;
using System.Buffers.Binary;

namespace Kiln.Storage
{
    public ref struct LogRecordReader
    {
        private readonly ReadOnlySpan<byte> _block;
        private readonly int _used;
        private int _offset;

        public LogRecordReader(ReadOnlySpan<byte> block, int used)
        {
            _block = block;
            _used = used;
            _offset = LogBlock.HeaderSize;
            Malformed = false;
        }

        /// <summary>A record did not fit in the used bytes.</summary>
        public bool Malformed { get; private set; }

        /// <summary>Where the next record starts (after Next returned one: the end of that record).</summary>
        public int Offset => _offset;

        public bool Next(out LogRecordType type, out ReadOnlySpan<byte> payload)
        {
            type = 0;
            payload = default;
            if (_offset + LogRecordWriter.RecordHeaderSize > _used)
            {
                Malformed = _offset != _used;
                return false;
            }

            type = (LogRecordType)BinaryPrimitives.ReadUInt16LittleEndian(_block.Slice(_offset));
            int length = BinaryPrimitives.ReadUInt16LittleEndian(_block.Slice(_offset + 2));
            int start = _offset + LogRecordWriter.RecordHeaderSize;
            if (start + length > _used)
            {
                Malformed = true;
                return false;
            }

            payload = _block.Slice(start, length);
            _offset = start + length;
            return true;
        }

        public static bool TryDecodeLink(ReadOnlySpan<byte> payload, out ulong parent, out ulong child, out ReadOnlySpan<byte> name)
        {
            parent = child = 0;
            name = default;
            if (payload.Length < 18)
            {
                return false;
            }

            parent = BinaryPrimitives.ReadUInt64LittleEndian(payload);
            child = BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(8));
            int length = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(16));
            if (length == 0 || length > LogRecordWriter.MaxNameLength || payload.Length != 18 + length)
            {
                return false;
            }

            name = payload.Slice(18, length);
            return parent != 0 && child != 0;
        }

        public static bool TryDecodeUnlink(ReadOnlySpan<byte> payload, out ulong parent, out ReadOnlySpan<byte> name)
        {
            parent = 0;
            name = default;
            if (payload.Length < 10)
            {
                return false;
            }

            parent = BinaryPrimitives.ReadUInt64LittleEndian(payload);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(8));
            if (length == 0 || length > LogRecordWriter.MaxNameLength || payload.Length != 10 + length)
            {
                return false;
            }

            name = payload.Slice(10, length);
            return parent != 0;
        }

        public static bool TryDecodeSymlink(ReadOnlySpan<byte> payload, out ulong inode, out ReadOnlySpan<byte> target)
        {
            inode = 0;
            target = default;
            if (payload.Length < 10)
            {
                return false;
            }

            inode = BinaryPrimitives.ReadUInt64LittleEndian(payload);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(8));
            if (payload.Length != 10 + length)
            {
                return false;
            }

            target = payload.Slice(10, length);
            return inode != 0;
        }

        /// <summary>Decodes a record of one word (FreeInode, Commit).</summary>
        public static bool TryDecodeWord(ReadOnlySpan<byte> payload, out ulong value)
        {
            value = payload.Length == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(payload) : 0;
            return payload.Length == 8;
        }

        /// <summary>Decodes a record of two words (Truncate: inode, size).</summary>
        public static bool TryDecodeTwoWords(ReadOnlySpan<byte> payload, out ulong first, out ulong second)
        {
            first = second = 0;
            if (payload.Length != 16)
            {
                return false;
            }

            first = BinaryPrimitives.ReadUInt64LittleEndian(payload);
            second = BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(8));
            return true;
        }
    }
}
