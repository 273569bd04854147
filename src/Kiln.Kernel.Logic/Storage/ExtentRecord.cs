// An Extent log record: file blocks [FileBlock, FileBlock + Count) of an inode live in disk blocks
// [DiskBlock, DiskBlock + Count); DiskBlock 0 unmaps them (a hole).
using System;
using System.Buffers.Binary;

namespace Kiln.Storage
{
    public struct ExtentRecord
    {
        public const int PayloadSize = 28;

        public ulong Inode;
        public ulong FileBlock;
        public ulong DiskBlock;
        public uint Count;

        public ExtentRecord(ulong inode, ulong fileBlock, ulong diskBlock, uint count)
        {
            Inode = inode;
            FileBlock = fileBlock;
            DiskBlock = diskBlock;
            Count = count;
        }

        public static bool TryDecode(ReadOnlySpan<byte> payload, out ExtentRecord record)
        {
            record = default;
            if (payload.Length != PayloadSize)
            {
                return false;
            }

            record.Inode = BinaryPrimitives.ReadUInt64LittleEndian(payload);
            record.FileBlock = BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(8));
            record.DiskBlock = BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(16));
            record.Count = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(24));
            return record.Inode != 0 && record.Count != 0;
        }

        public void Encode(Span<byte> payload)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(payload, Inode);
            BinaryPrimitives.WriteUInt64LittleEndian(payload.Slice(8), FileBlock);
            BinaryPrimitives.WriteUInt64LittleEndian(payload.Slice(16), DiskBlock);
            BinaryPrimitives.WriteUInt32LittleEndian(payload.Slice(24), Count);
        }
    }
}
