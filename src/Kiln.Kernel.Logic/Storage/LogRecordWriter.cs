// Appends KilnFS log records to one log block's buffer (docs/filesystem.md). Each TryAdd either writes the whole
// record or nothing and returns false, so the caller seals the block and continues in a new one. Records never cross
// blocks.
using System;
using System.Buffers.Binary;

namespace Kiln.Storage
{
    public ref struct LogRecordWriter
    {
        public const int RecordHeaderSize = 4;
        public const int MaxNameLength = 255;

        /// <summary>The longest symlink target a record holds (a block minus the headers and the inode number).</summary>
        public const int MaxSymlinkTarget = KilnFsLayout.BlockSize - LogBlock.HeaderSize - RecordHeaderSize - 10;

        private readonly Span<byte> _block;
        private int _used;

        /// <summary>A writer over an empty block: records start after the 32-byte header (the caller zeroed the block).</summary>
        public LogRecordWriter(Span<byte> block)
        {
            _block = block;
            _used = LogBlock.HeaderSize;
        }

        /// <summary>A writer continuing a block whose records already fill bytes [32, <paramref name="used"/>).</summary>
        public LogRecordWriter(Span<byte> block, int used)
        {
            _block = block;
            _used = used < LogBlock.HeaderSize ? LogBlock.HeaderSize : used;
        }

        /// <summary>Bytes used, header included: what LogBlock.Seal takes.</summary>
        public int Used => _used;

        public bool IsEmpty => _used == LogBlock.HeaderSize;

        public static int InodeSize => RecordHeaderSize + InodeRecord.PayloadSize;

        public static int LinkSize(int nameLength) => RecordHeaderSize + 18 + nameLength;

        public static int UnlinkSize(int nameLength) => RecordHeaderSize + 10 + nameLength;

        public static int ExtentSize => RecordHeaderSize + ExtentRecord.PayloadSize;

        public static int SymlinkSize(int targetLength) => RecordHeaderSize + 10 + targetLength;

        public static int CommitSize => RecordHeaderSize + 8;

        public bool TryAddInode(in InodeRecord record)
        {
            if (!TryBegin(LogRecordType.Inode, InodeRecord.PayloadSize, out Span<byte> payload))
            {
                return false;
            }

            record.Encode(payload);
            return true;
        }

        public bool TryAddLink(ulong parent, ulong child, ReadOnlySpan<byte> name)
        {
            if (name.Length == 0 || name.Length > MaxNameLength || !TryBegin(LogRecordType.Link, 18 + name.Length, out Span<byte> payload))
            {
                return false;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(payload, parent);
            BinaryPrimitives.WriteUInt64LittleEndian(payload.Slice(8), child);
            BinaryPrimitives.WriteUInt16LittleEndian(payload.Slice(16), (ushort)name.Length);
            name.CopyTo(payload.Slice(18));
            return true;
        }

        public bool TryAddUnlink(ulong parent, ReadOnlySpan<byte> name)
        {
            if (name.Length == 0 || name.Length > MaxNameLength || !TryBegin(LogRecordType.Unlink, 10 + name.Length, out Span<byte> payload))
            {
                return false;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(payload, parent);
            BinaryPrimitives.WriteUInt16LittleEndian(payload.Slice(8), (ushort)name.Length);
            name.CopyTo(payload.Slice(10));
            return true;
        }

        public bool TryAddExtent(in ExtentRecord record)
        {
            if (!TryBegin(LogRecordType.Extent, ExtentRecord.PayloadSize, out Span<byte> payload))
            {
                return false;
            }

            record.Encode(payload);
            return true;
        }

        public bool TryAddTruncate(ulong inode, ulong size) => TryAddTwoWords(LogRecordType.Truncate, inode, size);

        public bool TryAddFreeInode(ulong inode) => TryAddWord(LogRecordType.FreeInode, inode);

        public bool TryAddCommit(ulong transaction) => TryAddWord(LogRecordType.Commit, transaction);

        public bool TryAddSymlink(ulong inode, ReadOnlySpan<byte> target)
        {
            if (target.Length > MaxSymlinkTarget || !TryBegin(LogRecordType.Symlink, 10 + target.Length, out Span<byte> payload))
            {
                return false;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(payload, inode);
            BinaryPrimitives.WriteUInt16LittleEndian(payload.Slice(8), (ushort)target.Length);
            target.CopyTo(payload.Slice(10));
            return true;
        }

        private bool TryAddWord(LogRecordType type, ulong value)
        {
            if (!TryBegin(type, 8, out Span<byte> payload))
            {
                return false;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(payload, value);
            return true;
        }

        private bool TryAddTwoWords(LogRecordType type, ulong first, ulong second)
        {
            if (!TryBegin(type, 16, out Span<byte> payload))
            {
                return false;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(payload, first);
            BinaryPrimitives.WriteUInt64LittleEndian(payload.Slice(8), second);
            return true;
        }

        private bool TryBegin(LogRecordType type, int payloadLength, out Span<byte> payload)
        {
            if (_used + RecordHeaderSize + payloadLength > _block.Length)
            {
                payload = default;
                return false;
            }

            BinaryPrimitives.WriteUInt16LittleEndian(_block.Slice(_used), (ushort)type);
            BinaryPrimitives.WriteUInt16LittleEndian(_block.Slice(_used + 2), (ushort)payloadLength);
            payload = _block.Slice(_used + RecordHeaderSize, payloadLength);
            _used += RecordHeaderSize + payloadLength;
            return true;
        }
    }
}
