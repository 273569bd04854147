// struct statx (include/uapi/linux/stat.h), 256 bytes, as statx fills it; times are struct statx_timestamp
// (seconds, nanoseconds, padding).
using System.Runtime.InteropServices;

namespace Kiln.Linux
{
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct LinuxStatx
    {
        public const int Size = 256;

        /// <summary>STATX_BASIC_STATS: type, mode, nlink, uid, gid, atime, mtime, ctime, ino, size, blocks.</summary>
        public const uint STATX_BASIC_STATS = 0x7FF;

        [FieldOffset(0)]
        public uint Mask;

        [FieldOffset(4)]
        public uint BlockSize;

        [FieldOffset(8)]
        public ulong Attributes;

        [FieldOffset(16)]
        public uint Nlink;

        [FieldOffset(20)]
        public uint Uid;

        [FieldOffset(24)]
        public uint Gid;

        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Ino;

        [FieldOffset(40)]
        public ulong FileSize;

        [FieldOffset(48)]
        public ulong Blocks;

        [FieldOffset(56)]
        public ulong AttributesMask;

        [FieldOffset(64)]
        public long AtimeSeconds;

        [FieldOffset(72)]
        public uint AtimeNanoseconds;

        [FieldOffset(80)]
        public long BtimeSeconds;

        [FieldOffset(88)]
        public uint BtimeNanoseconds;

        [FieldOffset(96)]
        public long CtimeSeconds;

        [FieldOffset(104)]
        public uint CtimeNanoseconds;

        [FieldOffset(112)]
        public long MtimeSeconds;

        [FieldOffset(120)]
        public uint MtimeNanoseconds;

        [FieldOffset(128)]
        public uint RdevMajor;

        [FieldOffset(132)]
        public uint RdevMinor;

        [FieldOffset(136)]
        public uint DevMajor;

        [FieldOffset(140)]
        public uint DevMinor;

        /// <summary>Linux's dev_t split (MAJOR/MINOR of new_decode_dev).</summary>
        public static uint Major(ulong device) => (uint)((device >> 8) & 0xFFF) | (uint)((device >> 32) & ~0xFFFUL);

        public static uint Minor(ulong device) => (uint)(device & 0xFF) | (uint)((device >> 12) & ~0xFFUL);

        /// <summary>Fills the basic fields from a struct stat.</summary>
        public static LinuxStatx From(in LinuxStat stat)
        {
            LinuxStatx statx = default;
            statx.Mask = STATX_BASIC_STATS;
            statx.BlockSize = (uint)stat.Blksize;
            statx.Nlink = (uint)stat.Nlink;
            statx.Uid = stat.Uid;
            statx.Gid = stat.Gid;
            statx.Mode = (ushort)stat.Mode;
            statx.Ino = stat.Ino;
            statx.FileSize = (ulong)stat.FileSize;
            statx.Blocks = (ulong)stat.Blocks;
            statx.AtimeSeconds = stat.AtimeSeconds;
            statx.AtimeNanoseconds = (uint)stat.AtimeNanoseconds;
            statx.MtimeSeconds = stat.MtimeSeconds;
            statx.MtimeNanoseconds = (uint)stat.MtimeNanoseconds;
            statx.CtimeSeconds = stat.CtimeSeconds;
            statx.CtimeNanoseconds = (uint)stat.CtimeNanoseconds;
            statx.RdevMajor = Major(stat.Rdev);
            statx.RdevMinor = Minor(stat.Rdev);
            statx.DevMajor = Major(stat.Dev);
            statx.DevMinor = Minor(stat.Dev);
            return statx;
        }
    }
}
