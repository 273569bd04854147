// timerfd_create, timerfd_settime and timerfd_gettime (fs/timerfd.c): timers read through a file (Files/TimerFd), on
// CLOCK_REALTIME, CLOCK_MONOTONIC and CLOCK_BOOTTIME (the same as monotonic: a Kiln VM never suspends). The _ALARM
// clocks need CAP_WAKE_ALARM on Linux; Kiln answers as Linux does without it (EPERM), having no wake-up alarm to set.
// Arguments are checked in Linux's order: the new value is copied in, then the flags, the times and the descriptor.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class TimerFdCalls
    {
        private const int CLOCK_REALTIME = 0;
        private const int CLOCK_MONOTONIC = 1;
        private const int CLOCK_BOOTTIME = 7;
        private const int CLOCK_REALTIME_ALARM = 8;
        private const int CLOCK_BOOTTIME_ALARM = 9;
        private const int TFD_NONBLOCK = OpenFlags.O_NONBLOCK;
        private const int TFD_CLOEXEC = OpenFlags.O_CLOEXEC;
        private const int TFD_TIMER_ABSTIME = 1;
        private const int TFD_TIMER_CANCEL_ON_SET = 2;
        private const ulong NsPerSecond = 1_000_000_000;
        private const ulong ItimerspecSize = 32;

        // timerfd_create(clockid, flags)
        public static long TimerfdCreate(ref SyscallArguments a)
        {
            int clock = (int)a.A0;
            int flags = (int)a.A1;
            bool alarm = clock == CLOCK_REALTIME_ALARM || clock == CLOCK_BOOTTIME_ALARM;
            if ((flags & ~(TFD_NONBLOCK | TFD_CLOEXEC)) != 0
                || (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME && !alarm))
            {
                return -Errno.EINVAL;
            }

            if (alarm)
            {
                return -Errno.EPERM;
            }

            TimerFd file = TimerFd.Create(clock, flags);
            int fd = FileTable.Current.Install(file, 0, (flags & TFD_CLOEXEC) != 0, InfoCalls.OpenFileLimit);
            if (fd < 0)
            {
                file.Drop();
            }

            return fd;
        }

        // timerfd_settime(fd, flags, new, old): struct itimerspec { timespec it_interval; timespec it_value; }. A zero
        // it_value disarms; the old setting is written after the new one took effect (EFAULT then leaves it set).
        public static long TimerfdSettime(ref SyscallArguments a)
        {
            long* itimerspec = stackalloc long[4];
            if (!UserMemory.CopyFromUser(itimerspec, a.A2, ItimerspecSize))
            {
                return -Errno.EFAULT;
            }

            int flags = (int)a.A1;
            if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) != 0)
            {
                return -Errno.EINVAL;
            }

            if (!TryTimespec(itimerspec, out ulong interval) || !TryTimespec(itimerspec + 2, out ulong value))
            {
                return -Errno.EINVAL;
            }

            long error = Find((int)a.A0, out TimerFd file);
            if (error != 0)
            {
                return error;
            }

            ulong deadline = (flags & TFD_TIMER_ABSTIME) != 0
                ? TimeCalls.ToMonotonicDeadline(value, file.ClockId == CLOCK_REALTIME)
                : TimeCalls.AddSaturating(Clock.MonotonicNs(), value);
            file.Set(value != 0, deadline, interval, out ulong oldInterval, out ulong oldValue);
            return a.A3 == 0 ? 0 : WriteItimerspec(a.A3, oldInterval, oldValue);
        }

        // timerfd_gettime(fd, curr)
        public static long TimerfdGettime(ref SyscallArguments a)
        {
            long error = Find((int)a.A0, out TimerFd file);
            if (error != 0)
            {
                return error;
            }

            file.Get(out ulong interval, out ulong value);
            return WriteItimerspec(a.A1, interval, value);
        }

        // timerfd_fget: EBADF for no file, EINVAL for a file that is not a timerfd.
        private static long Find(int fd, out TimerFd file)
        {
            OpenFile open = FileTable.Current.Peek(fd);
            file = open as TimerFd;
            return open == null ? -Errno.EBADF : file == null ? -Errno.EINVAL : 0;
        }

        // timespec64_valid: non-negative seconds, nanoseconds below one second.
        private static bool TryTimespec(long* timespec, out ulong ns)
        {
            ns = 0;
            if (timespec[0] < 0 || timespec[1] < 0 || timespec[1] >= (long)NsPerSecond)
            {
                return false;
            }

            ns = TimeCalls.Saturate((ulong)timespec[0], (ulong)timespec[1]);
            return true;
        }

        private static long WriteItimerspec(ulong address, ulong interval, ulong value)
        {
            ulong* itimerspec = stackalloc ulong[4];
            itimerspec[0] = interval / NsPerSecond;
            itimerspec[1] = interval % NsPerSecond;
            itimerspec[2] = value / NsPerSecond;
            itimerspec[3] = value % NsPerSecond;
            return UserMemory.CopyToUser(address, itimerspec, ItimerspecSize) ? 0 : -Errno.EFAULT;
        }
    }
}
