// struct iovec (include/uapi/linux/uio.h): one user buffer of a readv/writev, 16 bytes on x86-64.
namespace Kiln.Kernel.Files
{
    internal struct IoSegment
    {
        public ulong Base;
        public ulong Length;
    }
}
