// Linux error numbers (include/uapi/asm-generic/errno-base.h and errno.h). System calls return them negated.
namespace Kiln.Linux
{
    public static class Errno
    {
        public const long EPERM = 1;
        public const long ENOENT = 2;
        public const long ESRCH = 3;
        public const long EINTR = 4;
        public const long EIO = 5;
        public const long ENXIO = 6;
        public const long E2BIG = 7;
        public const long ENOEXEC = 8;
        public const long EBADF = 9;
        public const long ECHILD = 10;
        public const long EAGAIN = 11;
        public const long ENOMEM = 12;
        public const long EACCES = 13;
        public const long EFAULT = 14;
        public const long EBUSY = 16;
        public const long EEXIST = 17;
        public const long EXDEV = 18;
        public const long ENODEV = 19;
        public const long ENOTDIR = 20;
        public const long EISDIR = 21;
        public const long EINVAL = 22;
        public const long ENFILE = 23;
        public const long EMFILE = 24;
        public const long ENOTTY = 25;
        public const long ETXTBSY = 26;
        public const long EFBIG = 27;
        public const long ENOSPC = 28;
        public const long ESPIPE = 29;
        public const long EROFS = 30;
        public const long EMLINK = 31;
        public const long EPIPE = 32;
        public const long EDOM = 33;
        public const long ERANGE = 34;
        public const long EDEADLK = 35;
        public const long ENAMETOOLONG = 36;
        public const long ENOLCK = 37;
        public const long ENOSYS = 38;
        public const long ENOTEMPTY = 39;
        public const long ELOOP = 40;
        public const long ENOPKG = 65;
        public const long EOVERFLOW = 75;
        public const long ENOTSOCK = 88;
        public const long EDESTADDRREQ = 89;
        public const long EMSGSIZE = 90;
        public const long EPROTOTYPE = 91;
        public const long ENOPROTOOPT = 92;
        public const long EPROTONOSUPPORT = 93;
        public const long ESOCKTNOSUPPORT = 94;
        public const long ENOTSUP = 95;
        public const long EOPNOTSUPP = 95;
        public const long EPFNOSUPPORT = 96;
        public const long EAFNOSUPPORT = 97;
        public const long EADDRINUSE = 98;
        public const long EADDRNOTAVAIL = 99;
        public const long ENETDOWN = 100;
        public const long ENETUNREACH = 101;
        public const long ENETRESET = 102;
        public const long ECONNABORTED = 103;
        public const long ECONNRESET = 104;
        public const long ENOBUFS = 105;
        public const long EISCONN = 106;
        public const long ENOTCONN = 107;
        public const long ESHUTDOWN = 108;
        public const long ETIMEDOUT = 110;
        public const long ECONNREFUSED = 111;
        public const long EHOSTDOWN = 112;
        public const long EHOSTUNREACH = 113;
        public const long EALREADY = 114;
        public const long EINPROGRESS = 115;

        // Kernel-internal results of an interrupted call (never seen by the program): the signal code turns them into
        // EINTR or restarts the call, depending on the handler's SA_RESTART (include/linux/errno.h).
        public const long ERESTARTSYS = 512;
        public const long ERESTARTNOINTR = 513;
        public const long ERESTARTNOHAND = 514;
    }
}
