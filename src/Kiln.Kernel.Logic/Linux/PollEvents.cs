// Readiness bits shared by poll, select and epoll (include/uapi/linux/eventpoll.h and asm-generic/poll.h: the EPOLL*
// and POLL* values are the same numbers), and epoll's input-only flags in the top bits.
namespace Kiln.Linux
{
    public static class PollEvents
    {
        public const uint EPOLLIN = 0x001;
        public const uint EPOLLPRI = 0x002;
        public const uint EPOLLOUT = 0x004;
        public const uint EPOLLERR = 0x008;
        public const uint EPOLLHUP = 0x010;
        public const uint EPOLLNVAL = 0x020;
        public const uint EPOLLRDNORM = 0x040;
        public const uint EPOLLRDBAND = 0x080;
        public const uint EPOLLWRNORM = 0x100;
        public const uint EPOLLWRBAND = 0x200;
        public const uint EPOLLMSG = 0x400;
        public const uint EPOLLRDHUP = 0x2000;

        public const uint EPOLLEXCLUSIVE = 1u << 28;
        public const uint EPOLLWAKEUP = 1u << 29;
        public const uint EPOLLONESHOT = 1u << 30;
        public const uint EPOLLET = 1u << 31;

        /// <summary>Readable and writable as a file reports them to poll (the NORM bits ride along, as on Linux).</summary>
        public const uint Readable = EPOLLIN | EPOLLRDNORM;
        public const uint Writable = EPOLLOUT | EPOLLWRNORM;
    }
}
