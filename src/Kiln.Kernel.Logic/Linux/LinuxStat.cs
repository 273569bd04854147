// struct stat for x86-64 (arch/x86/include/uapi/asm/stat.h), 144 bytes, as fstat and newfstatat fill it.
using System.Runtime.InteropServices;

namespace Kiln.Linux
{
    [StructLayout(LayoutKind.Explicit, Size = 144)]
    public struct LinuxStat
    {
        public const int Size = 144;

        public const uint S_IFIFO = 0x1000;
        public const uint S_IFCHR = 0x2000;
        public const uint S_IFDIR = 0x4000;
        public const uint S_IFREG = 0x8000;

        [FieldOffset(0)]
        public ulong Dev;

        [FieldOffset(8)]
        public ulong Ino;

        [FieldOffset(16)]
        public ulong Nlink;

        [FieldOffset(24)]
        public uint Mode;

        [FieldOffset(28)]
        public uint Uid;

        [FieldOffset(32)]
        public uint Gid;

        [FieldOffset(40)]
        public ulong Rdev;

        [FieldOffset(48)]
        public long FileSize;

        [FieldOffset(56)]
        public long Blksize;

        [FieldOffset(64)]
        public long Blocks;

        [FieldOffset(72)]
        public long AtimeSeconds;

        [FieldOffset(80)]
        public long AtimeNanoseconds;

        [FieldOffset(88)]
        public long MtimeSeconds;

        [FieldOffset(96)]
        public long MtimeNanoseconds;

        [FieldOffset(104)]
        public long CtimeSeconds;

        [FieldOffset(112)]
        public long CtimeNanoseconds;
    }
}
