// struct statfs for x86-64 (include/uapi/asm-generic/statfs.h with 64-bit longs), 120 bytes, as statfs and fstatfs
// fill it.
using System.Runtime.InteropServices;

namespace Kiln.Linux
{
    [StructLayout(LayoutKind.Explicit, Size = 120)]
    public struct LinuxStatFs
    {
        public const int Size = 120;

        public const long TMPFS_MAGIC = 0x01021994;
        public const long PROC_SUPER_MAGIC = 0x9fa0;
        public const long SYSFS_MAGIC = 0x62656572;
        public const long DEVTMPFS_MAGIC = 0x01021994;

        [FieldOffset(0)]
        public long Type;

        [FieldOffset(8)]
        public long BlockSize;

        [FieldOffset(16)]
        public ulong Blocks;

        [FieldOffset(24)]
        public ulong FreeBlocks;

        [FieldOffset(32)]
        public ulong AvailableBlocks;

        [FieldOffset(40)]
        public ulong Files;

        [FieldOffset(48)]
        public ulong FreeFiles;

        [FieldOffset(56)]
        public ulong FileSystemId;

        [FieldOffset(64)]
        public long NameLength;

        [FieldOffset(72)]
        public long FragmentSize;

        [FieldOffset(80)]
        public long Flags;
    }
}
