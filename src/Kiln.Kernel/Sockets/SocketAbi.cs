// The numbers of the socket ABI (include/linux/socket.h, include/uapi/asm-generic/socket.h, net.h, in.h, in6.h,
// tcp.h): socket types and their creation flags, message flags, option levels and the options Kiln knows.
namespace Kiln.Kernel.Sockets
{
    internal static class SocketAbi
    {
        public const int SOCK_STREAM = 1;
        public const int SOCK_DGRAM = 2;
        public const int SOCK_RAW = 3;
        public const int SOCK_SEQPACKET = 5;
        public const int SOCK_TYPE_MASK = 0xF;
        public const int SOCK_NONBLOCK = 0x800;
        public const int SOCK_CLOEXEC = 0x80000;

        public const int MSG_OOB = 0x1;
        public const int MSG_PEEK = 0x2;
        public const int MSG_DONTROUTE = 0x4;
        public const int MSG_CTRUNC = 0x8;
        public const int MSG_TRUNC = 0x20;
        public const int MSG_DONTWAIT = 0x40;
        public const int MSG_EOR = 0x80;
        public const int MSG_WAITALL = 0x100;
        public const int MSG_NOSIGNAL = 0x4000;
        public const int MSG_MORE = 0x8000;
        public const int MSG_WAITFORONE = 0x10000;
        public const int MSG_CMSG_CLOEXEC = 0x40000000;

        public const int SHUT_RD = 0;
        public const int SHUT_WR = 1;
        public const int SHUT_RDWR = 2;

        public const int SOL_SOCKET = 1;
        public const int IPPROTO_IP = 0;
        public const int IPPROTO_TCP = 6;
        public const int IPPROTO_UDP = 17;
        public const int IPPROTO_IPV6 = 41;

        public const int SO_DEBUG = 1;
        public const int SO_REUSEADDR = 2;
        public const int SO_TYPE = 3;
        public const int SO_ERROR = 4;
        public const int SO_DONTROUTE = 5;
        public const int SO_BROADCAST = 6;
        public const int SO_SNDBUF = 7;
        public const int SO_RCVBUF = 8;
        public const int SO_KEEPALIVE = 9;
        public const int SO_OOBINLINE = 10;
        public const int SO_NO_CHECK = 11;
        public const int SO_PRIORITY = 12;
        public const int SO_LINGER = 13;
        public const int SO_REUSEPORT = 15;
        public const int SO_PASSCRED = 16;
        public const int SO_PEERCRED = 17;
        public const int SO_RCVLOWAT = 18;
        public const int SO_SNDLOWAT = 19;
        public const int SO_RCVTIMEO_OLD = 20;
        public const int SO_SNDTIMEO_OLD = 21;
        public const int SO_TIMESTAMP = 29;
        public const int SO_ACCEPTCONN = 30;
        public const int SO_SNDBUFFORCE = 32;
        public const int SO_RCVBUFFORCE = 33;
        public const int SO_MARK = 36;
        public const int SO_PROTOCOL = 38;
        public const int SO_DOMAIN = 39;
        public const int SO_RCVTIMEO_NEW = 66;
        public const int SO_SNDTIMEO_NEW = 67;

        public const int SCM_RIGHTS = 1;
        public const int SCM_CREDENTIALS = 2;
        public const int SCM_MAX_FD = 253;

        public const int TCP_NODELAY = 1;
        public const int TCP_MAXSEG = 2;
        public const int TCP_CORK = 3;
        public const int TCP_KEEPIDLE = 4;
        public const int TCP_KEEPINTVL = 5;
        public const int TCP_KEEPCNT = 6;
        public const int TCP_INFO = 11;
        public const int TCP_QUICKACK = 12;

        public const int IPV6_V6ONLY = 26;

        /// <summary>net.core.wmem_max and rmem_max, which also are the default buffer sizes (wmem_default, rmem_default).</summary>
        public const int BufferMaximum = 212992;

        /// <summary>SOCK_MIN_SNDBUF and SOCK_MIN_RCVBUF on x86-64.</summary>
        public const int SendBufferMinimum = 4608;
        public const int ReceiveBufferMinimum = 2304;

        /// <summary>sizeof(struct sockaddr_storage): the longest address the socket calls copy in or out.</summary>
        public const int AddressCapacity = 128;
    }
}
