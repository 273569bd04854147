// An Inode log record: every attribute of one inode. Replaying it creates the inode or replaces its attributes.
using System;
using System.Buffers.Binary;

namespace Kiln.Storage
{
    public struct InodeRecord
    {
        public const int PayloadSize = 64;

        public ulong Inode;
        public uint Mode;
        public uint Uid;
        public uint Gid;
        public uint LinkCount;
        public ulong Size;
        public long AccessTime;
        public long ModifyTime;
        public long ChangeTime;
        public ulong DeviceNumber;

        public static bool TryDecode(ReadOnlySpan<byte> payload, out InodeRecord record)
        {
            record = default;
            if (payload.Length != PayloadSize)
            {
                return false;
            }

            record.Inode = BinaryPrimitives.ReadUInt64LittleEndian(payload);
            record.Mode = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(8));
            record.Uid = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(12));
            record.Gid = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(16));
            record.LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(20));
            record.Size = BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(24));
            record.AccessTime = BinaryPrimitives.ReadInt64LittleEndian(payload.Slice(32));
            record.ModifyTime = BinaryPrimitives.ReadInt64LittleEndian(payload.Slice(40));
            record.ChangeTime = BinaryPrimitives.ReadInt64LittleEndian(payload.Slice(48));
            record.DeviceNumber = BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(56));
            return record.Inode != 0;
        }

        public void Encode(Span<byte> payload)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(payload, Inode);
            BinaryPrimitives.WriteUInt32LittleEndian(payload.Slice(8), Mode);
            BinaryPrimitives.WriteUInt32LittleEndian(payload.Slice(12), Uid);
            BinaryPrimitives.WriteUInt32LittleEndian(payload.Slice(16), Gid);
            BinaryPrimitives.WriteUInt32LittleEndian(payload.Slice(20), LinkCount);
            BinaryPrimitives.WriteUInt64LittleEndian(payload.Slice(24), Size);
            BinaryPrimitives.WriteInt64LittleEndian(payload.Slice(32), AccessTime);
            BinaryPrimitives.WriteInt64LittleEndian(payload.Slice(40), ModifyTime);
            BinaryPrimitives.WriteInt64LittleEndian(payload.Slice(48), ChangeTime);
            BinaryPrimitives.WriteUInt64LittleEndian(payload.Slice(56), DeviceNumber);
        }
    }
}
