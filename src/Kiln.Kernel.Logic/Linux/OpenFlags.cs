// File status flags and access modes (include/uapi/asm-generic/fcntl.h), as open, pipe2, fcntl(F_GETFL/F_SETFL)
// and the *_NONBLOCK / *_CLOEXEC flags of eventfd2, epoll_create1 and dup3 spell them.
namespace Kiln.Linux
{
    public static class OpenFlags
    {
        public const int O_RDONLY = 0;
        public const int O_WRONLY = 1;
        public const int O_RDWR = 2;
        public const int O_ACCMODE = 3;
        public const int O_APPEND = 0x400;
        public const int O_NONBLOCK = 0x800;
        public const int O_ASYNC = 0x2000;
        public const int O_DIRECT = 0x4000;
        public const int O_LARGEFILE = 0x8000;
        public const int O_NOATIME = 0x40000;
        public const int O_CLOEXEC = 0x80000;

        /// <summary>The flags F_SETFL may change (fs/fcntl.c SETFL_MASK); the rest of its argument is ignored.</summary>
        public const int SetflMask = O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME;
    }
}
