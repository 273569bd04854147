// POSIX per-process timers: timer_create, timer_settime, timer_gettime, timer_getoverrun, timer_delete, on
// CLOCK_REALTIME, CLOCK_MONOTONIC and CLOCK_BOOTTIME, notifying by a signal to the process (SIGEV_SIGNAL), to one
// thread (SIGEV_THREAD_ID, as glibc and Go use it) or not at all (SIGEV_NONE). The CPU-time clocks are EOPNOTSUPP.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class PosixTimerCalls
    {
        private const int CLOCK_REALTIME = 0;
        private const int CLOCK_MONOTONIC = 1;
        private const int CLOCK_PROCESS_CPUTIME_ID = 2;
        private const int CLOCK_THREAD_CPUTIME_ID = 3;
        private const int CLOCK_BOOTTIME = 7;
        private const ulong TIMER_ABSTIME = 1;
        private const ulong NsPerSecond = 1_000_000_000;

        // timer_create(clockid, sevp, timerid)
        public static long TimerCreate(ref SyscallArguments a)
        {
            int clock = (int)a.A0;
            if (clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID || clock < 0)
            {
                return clock < 0 ? -Errno.EINVAL : -Errno.ENOTSUP;
            }

            if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
            {
                return -Errno.EINVAL;
            }

            int notify = SigEvent.SIGEV_SIGNAL;
            int signal = SignalNumbers.SIGALRM;
            ulong value = 0;
            int thread = 0;
            bool valueIsId = true;
            if (a.A1 != 0)
            {
                byte* sigevent = stackalloc byte[SigEvent.Size];
                if (!UserMemory.CopyFromUser(sigevent, a.A1, SigEvent.Size))
                {
                    return -Errno.EFAULT;
                }

                value = *(ulong*)(sigevent + SigEvent.ValueOffset);
                signal = *(int*)(sigevent + SigEvent.SignoOffset);
                notify = *(int*)(sigevent + SigEvent.NotifyOffset);
                thread = *(int*)(sigevent + SigEvent.ThreadIdOffset);
                valueIsId = false;
                long error = Validate(notify, signal, thread);
                if (error != 0)
                {
                    return error;
                }
            }

            PosixTimer timer = PosixTimers.Allocate();
            if (timer == null)
            {
                return -Errno.EAGAIN;
            }

            if (!UserMemory.Write(a.A2, timer.Id))
            {
                timer.InUse = false;
                return -Errno.EFAULT;
            }

            timer.Clock = clock;
            timer.Notify = notify;
            timer.Signal = signal;
            timer.Value = valueIsId ? (ulong)timer.Id : value;
            timer.TargetThread = thread;
            timer.Disarm();
            return 0;
        }

        // timer_settime(timerid, flags, new, old): struct itimerspec { timespec it_interval; timespec it_value; }
        public static long TimerSettime(ref SyscallArguments a)
        {
            PosixTimer timer = PosixTimers.Find(a.A0);
            if (timer == null)
            {
                return -Errno.EINVAL;
            }

            long* itimerspec = stackalloc long[4];
            if (!UserMemory.CopyFromUser(itimerspec, a.A2, 32))
            {
                return -Errno.EFAULT;
            }

            if (!TryTimespec(itimerspec, out ulong interval) || !TryTimespec(itimerspec + 2, out ulong value))
            {
                return -Errno.EINVAL;
            }

            ulong now = Clock.MonotonicNs();
            if (a.A3 != 0)
            {
                long error = WriteItimerspec(a.A3, timer.Interval, timer.Remaining(now));
                if (error != 0)
                {
                    return error;
                }
            }

            if (value == 0)
            {
                timer.Disarm();
                return 0;
            }

            ulong deadline = (a.A1 & TIMER_ABSTIME) != 0
                ? TimeCalls.ToMonotonicDeadline(value, timer.Clock == CLOCK_REALTIME)
                : TimeCalls.AddSaturating(now, value);
            timer.Arm(deadline, interval);
            return 0;
        }

        public static long TimerGettime(ref SyscallArguments a)
        {
            PosixTimer timer = PosixTimers.Find(a.A0);
            if (timer == null)
            {
                return -Errno.EINVAL;
            }

            return WriteItimerspec(a.A1, timer.Interval, timer.Remaining(Clock.MonotonicNs()));
        }

        public static long TimerGetoverrun(ref SyscallArguments a)
        {
            PosixTimer timer = PosixTimers.Find(a.A0);
            return timer == null ? -Errno.EINVAL : timer.LastOverrun;
        }

        public static long TimerDelete(ref SyscallArguments a)
        {
            PosixTimer timer = PosixTimers.Find(a.A0);
            if (timer == null)
            {
                return -Errno.EINVAL;
            }

            timer.Disarm();
            timer.InUse = false;
            return 0;
        }

        // good_sigevent (kernel/time/posix-timers.c): SIGEV_THREAD_ID names one of the program's threads; a signal
        // must be a valid number (SIGEV_THREAD reaches the kernel only as a signal, glibc runs the thread).
        private static long Validate(int notify, int signal, int thread)
        {
            switch (notify)
            {
                case SigEvent.SIGEV_THREAD_ID:
                    if (ThreadRegistry.Find(thread) == null)
                    {
                        return -Errno.EINVAL;
                    }

                    goto case SigEvent.SIGEV_SIGNAL;
                case SigEvent.SIGEV_SIGNAL:
                case SigEvent.SIGEV_THREAD:
                    return SignalNumbers.IsValid(signal) ? 0 : -Errno.EINVAL;
                case SigEvent.SIGEV_NONE:
                    return 0;
                default:
                    return -Errno.EINVAL;
            }
        }

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
            return UserMemory.CopyToUser(address, itimerspec, 32) ? 0 : -Errno.EFAULT;
        }
    }
}
