// An eventfd (eventfd(2)): a 64-bit counter. A write adds its 8-byte value, blocking while the sum would pass
// 2^64 - 2; a read returns the counter and resets it (or, with EFD_SEMAPHORE, returns 1 and decrements it), blocking
// while it is 0. Readable while non-zero, writable while another 1 fits. Pooled: the kernel frees no objects.
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal sealed unsafe class EventFd : OpenFile
    {
        public const int EFD_SEMAPHORE = 1;

        private const ulong Maximum = ulong.MaxValue - 1;

        private static EventFd s_pool;

        private ulong _count;
        private bool _semaphore;
        private EventFd _poolNext;

        public static EventFd Create(uint initial, int flags)
        {
            EventFd file = s_pool;
            if (file != null)
            {
                s_pool = file._poolNext;
                file._poolNext = null;
            }
            else
            {
                file = new EventFd();
            }

            file._count = initial;
            file._semaphore = (flags & EFD_SEMAPHORE) != 0;
            file.Open(OpenFlags.O_RDWR | (flags & OpenFlags.O_NONBLOCK));
            return file;
        }

        public override long Read(ref UserIo io)
        {
            if (io.Remaining < 8)
            {
                return -Errno.EINVAL;
            }

            for (;;)
            {
                if (_count > 0)
                {
                    // Linux takes the value before copying it out, so a bad buffer loses it (EFAULT); so does Kiln.
                    ulong value = _semaphore ? 1 : _count;
                    _count -= value;
                    Readiness.Notify(PollEvents.EPOLLOUT);
                    return io.CopyOut(&value, 8) == 8 ? 8 : -Errno.EFAULT;
                }

                if (IsNonBlocking)
                {
                    return -Errno.EAGAIN;
                }

                long waited = Readiness.WaitForChange();
                if (waited != 0)
                {
                    return waited;
                }
            }
        }

        public override long Write(ref UserIo io)
        {
            if (io.Remaining < 8)
            {
                return -Errno.EINVAL;
            }

            ulong value;
            if (io.CopyIn(&value, 8) != 8)
            {
                return -Errno.EFAULT;
            }

            if (value == ulong.MaxValue)
            {
                return -Errno.EINVAL;
            }

            for (;;)
            {
                if (Maximum - _count >= value)
                {
                    _count += value;

                    // Linux wakes readers even for a write of 0 (an edge-triggered epoll reports it again).
                    Readiness.Notify(PollEvents.EPOLLIN);
                    return 8;
                }

                if (IsNonBlocking)
                {
                    return -Errno.EAGAIN;
                }

                long waited = Readiness.WaitForChange();
                if (waited != 0)
                {
                    return waited;
                }
            }
        }

        public override uint Poll()
        {
            uint events = 0;
            if (_count > 0)
            {
                events |= PollEvents.EPOLLIN;
            }

            if (_count == ulong.MaxValue)
            {
                events |= PollEvents.EPOLLERR;
            }

            if (_count < Maximum)
            {
                events |= PollEvents.EPOLLOUT;
            }

            return events;
        }

        public override void Stat(LinuxStat* stat) => AnonymousInode.Stat(stat);

        protected override void Release()
        {
            _poolNext = s_pool;
            s_pool = this;
        }
    }
}
