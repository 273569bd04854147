// struct flock for x86-64 (include/uapi/asm-generic/fcntl.h), 32 bytes, as fcntl's lock commands read and write it.
using System.Runtime.InteropServices;

namespace Kiln.Linux
{
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    public struct LinuxFlock
    {
        public const int Size = 32;

        [FieldOffset(0)]
        public short Type;

        [FieldOffset(2)]
        public short Whence;

        [FieldOffset(8)]
        public long Start;

        [FieldOffset(16)]
        public long Length;

        [FieldOffset(24)]
        public int Pid;
    }
}
