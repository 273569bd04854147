// A signalfd (signalfd(2)): a file that takes the caller's pending signals in its mask and returns each as a
// 128-byte struct signalfd_siginfo. Reading dequeues exactly as sigtimedwait does (the thread's own signals first,
// then the process's); the file is readable while one of its signals is pending for the reader. Signals are normally
// blocked before a program reads them this way, so sending one does not interrupt anyone: SignalDelivery tells every
// open signalfd whose mask holds it instead (Linux's signalfd_notify), which wakes readers and epoll.
// Pooled, and linked while open so that a signal can find the files that watch it.
using System;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal sealed unsafe class SignalFd : OpenFile
    {
        private static SignalFd s_pool;
        private static SignalFd s_open;

        private SignalFd _openNext;
        private SignalFd _openPrevious;
        private SignalFd _poolNext;

        /// <summary>The signals the file takes (bit N-1 for signal N); never SIGKILL or SIGSTOP.</summary>
        public ulong Mask { get; private set; }

        public static SignalFd Create(ulong mask, int flags)
        {
            SignalFd file = s_pool;
            if (file != null)
            {
                s_pool = file._poolNext;
                file._poolNext = null;
            }
            else
            {
                file = new SignalFd();
            }

            file.Mask = mask & ~SignalNumbers.Unblockable;
            file.Open(OpenFlags.O_RDWR | (flags & OpenFlags.O_NONBLOCK));
            file._openPrevious = null;
            file._openNext = s_open;
            if (s_open != null)
            {
                s_open._openPrevious = file;
            }

            s_open = file;
            return file;
        }

        /// <summary>signalfd on an existing descriptor: a new mask, and readers and epoll look again.</summary>
        public void SetMask(ulong mask)
        {
            Mask = mask & ~SignalNumbers.Unblockable;
            Readiness.Notify(PollEvents.EPOLLIN);
        }

        /// <summary>A signal was queued for the process or one of its threads: wake the signalfds that take it.</summary>
        public static void SignalQueued(int signal)
        {
            ulong bit = SignalNumbers.Bit(signal);
            for (SignalFd file = s_open; file != null; file = file._openNext)
            {
                if ((file.Mask & bit) != 0)
                {
                    file.Readiness.Notify(PollEvents.EPOLLIN);
                }
            }
        }

        // signalfd_read: as many whole records as fit (EINVAL for none); the first may wait for a signal, the rest are
        // taken only if already pending. A record that cannot be copied out is lost, as on Linux.
        public override long Read(ref UserIo io)
        {
            ulong records = io.Remaining / SignalFdSiginfo.Size;
            if (records == 0)
            {
                return -Errno.EINVAL;
            }

            Thread current = Scheduler.Current;
            byte* record = stackalloc byte[SignalFdSiginfo.Size];
            long total = 0;
            bool wait = !IsNonBlocking;
            while (records-- > 0)
            {
                long taken = Take(current, wait, out SigInfo info);
                if (taken < 0)
                {
                    return total > 0 ? total : taken;
                }

                SignalFdSiginfo.Encode(info, new Span<byte>(record, SignalFdSiginfo.Size));
                if (io.CopyOut(record, SignalFdSiginfo.Size) != SignalFdSiginfo.Size)
                {
                    return total > 0 ? total : -Errno.EFAULT;
                }

                total += SignalFdSiginfo.Size;
                wait = false;
            }

            return total;
        }

        // signalfd_poll: readable while one of its signals is pending for the caller.
        public override uint Poll()
        {
            Thread current = Scheduler.Current;
            ulong pending = current.Signals.Pending | SignalDelivery.ProcessPendingFor(current);
            return (pending & Mask) != 0 ? PollEvents.EPOLLIN : 0;
        }

        public override void Stat(LinuxStat* stat) => AnonymousInode.Stat(stat);

        protected override void Release()
        {
            if (_openPrevious == null)
            {
                s_open = _openNext;
            }
            else
            {
                _openPrevious._openNext = _openNext;
            }

            if (_openNext != null)
            {
                _openNext._openPrevious = _openPrevious;
            }

            _openNext = null;
            _openPrevious = null;
            _poolNext = s_pool;
            s_pool = this;
        }

        // signalfd_dequeue: 1 with a signal, -EAGAIN when none is pending and waiting is not allowed, -ERESTARTSYS
        // when a signal outside the mask must be delivered first.
        private long Take(Thread current, bool wait, out SigInfo info)
        {
            for (;;)
            {
                if (SignalDelivery.Dequeue(current, Mask, out info))
                {
                    return 1;
                }

                if (!wait)
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
    }
}
