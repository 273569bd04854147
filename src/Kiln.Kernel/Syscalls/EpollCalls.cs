// epoll: epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait, epoll_pwait2. The instance and its rules
// are Files/Epoll; these check the arguments in Linux's order and block the caller until something is ready, the
// timeout passes, or a signal arrives (EINTR: Linux never restarts an epoll wait).
using Kiln.Files;
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class EpollCalls
    {
        private const int EPOLL_CLOEXEC = OpenFlags.O_CLOEXEC;
        private const long MaxEvents = int.MaxValue / EpollEvent.Size;

        public static long EpollCreate(ref SyscallArguments a) => (int)a.A0 <= 0 ? -Errno.EINVAL : Create(0);

        public static long EpollCreate1(ref SyscallArguments a) => (a.A0 & ~(ulong)EPOLL_CLOEXEC) != 0 ? -Errno.EINVAL : Create((int)a.A0);

        private static long Create(int flags)
        {
            Epoll epoll = Epoll.Create(0);
            int fd = FileTable.Current.Install(epoll, 0, (flags & EPOLL_CLOEXEC) != 0, InfoCalls.OpenFileLimit);
            if (fd < 0)
            {
                epoll.Drop();
            }

            return fd;
        }

        // epoll_ctl(epfd, op, fd, event)
        public static long EpollCtl(ref SyscallArguments a)
        {
            int operation = (int)a.A1;
            EpollEvent request = default;
            if (operation != EpollRules.EPOLL_CTL_DEL && !UserMemory.CopyFromUser(&request, a.A3, EpollEvent.Size))
            {
                return -Errno.EFAULT;
            }

            FileTable table = FileTable.Current;
            OpenFile file = table.Peek((int)a.A0);
            OpenFile target = table.Peek((int)a.A2);
            if (file == null || target == null)
            {
                return -Errno.EBADF;
            }

            if (!target.CanPoll)
            {
                return -Errno.EPERM;
            }

            Epoll epoll = file.AsEpoll;
            if (epoll == null || file == target)
            {
                return -Errno.EINVAL;
            }

            return epoll.Control(operation, (int)a.A2, target, request.Events, request.Data);
        }

        public static long EpollWait(ref SyscallArguments a) =>
            Wait((int)a.A0, a.A1, (int)a.A2, WaitTimeout.FromMilliseconds((int)a.A3));

        // epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize)
        public static long EpollPwait(ref SyscallArguments a)
        {
            long error = WaitSignalMask.Apply(a.A4, a.A5, out bool applied);
            if (error != 0)
            {
                return error;
            }

            return WaitSignalMask.Finish(applied, Wait((int)a.A0, a.A1, (int)a.A2, WaitTimeout.FromMilliseconds((int)a.A3)));
        }

        // epoll_pwait2(epfd, events, maxevents, timeout as a timespec (null: forever), sigmask, sigsetsize)
        public static long EpollPwait2(ref SyscallArguments a)
        {
            long error = WaitTimeout.ReadTimespec(a.A3, out ulong deadline);
            if (error != 0)
            {
                return error;
            }

            error = WaitSignalMask.Apply(a.A4, a.A5, out bool applied);
            if (error != 0)
            {
                return error;
            }

            return WaitSignalMask.Finish(applied, Wait((int)a.A0, a.A1, (int)a.A2, deadline));
        }

        private static long Wait(int epfd, ulong events, int maxEvents, ulong deadline)
        {
            if (maxEvents <= 0 || maxEvents > MaxEvents)
            {
                return -Errno.EINVAL;
            }

            if (!UserAddressSpace.IsUserRange(events, (ulong)maxEvents * EpollEvent.Size))
            {
                return -Errno.EFAULT;
            }

            OpenFile file = FileTable.Current.Acquire(epfd);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            Epoll epoll = file.AsEpoll;
            long result;
            if (epoll == null)
            {
                result = -Errno.EINVAL;
            }
            else
            {
                for (;;)
                {
                    result = epoll.Harvest(events, maxEvents);
                    if (result != 0 || deadline == PollSet.NoWait)
                    {
                        break;
                    }

                    WakeReason reason = epoll.Readiness.Waiters.Wait(deadline, interruptible: true);
                    if (reason == WakeReason.Interrupted)
                    {
                        result = -Errno.EINTR;
                        break;
                    }

                    if (reason == WakeReason.TimedOut)
                    {
                        result = epoll.Harvest(events, maxEvents);
                        break;
                    }
                }
            }

            file.Drop();
            return result;
        }
    }
}
