// alarm, setitimer and getitimer. ITIMER_REAL counts real time and sends SIGALRM. ITIMER_VIRTUAL and ITIMER_PROF
// (which count the process's CPU time) are not implemented: they return EINVAL rather than pretend to run.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class IntervalTimerCalls
    {
        private const ulong ITIMER_REAL = 0;
        private const ulong NsPerSecond = 1_000_000_000;
        private const ulong NsPerMicrosecond = 1000;
        private const ulong HalfSecondNs = 500_000_000;

        // alarm(seconds): returns the seconds that were left, rounded to the nearest (and at least 1 if any).
        public static long Alarm(ref SyscallArguments a)
        {
            RealIntervalTimer timer = RealIntervalTimer.Instance;
            ulong now = Clock.MonotonicNs();
            ulong left = timer.Remaining(now);
            timer.Set(now, (a.A0 & 0xFFFFFFFF) * NsPerSecond, 0);
            ulong seconds = left / NsPerSecond;
            if ((seconds == 0 && left != 0) || left % NsPerSecond >= HalfSecondNs)
            {
                seconds++;
            }

            return (long)seconds;
        }

        // setitimer(which, new, old): struct itimerval { timeval it_interval; timeval it_value; }
        public static long Setitimer(ref SyscallArguments a)
        {
            if (a.A0 != ITIMER_REAL)
            {
                return -Errno.EINVAL;
            }

            ulong interval = 0;
            ulong value = 0;
            if (a.A1 != 0)
            {
                long* itimerval = stackalloc long[4];
                if (!UserMemory.CopyFromUser(itimerval, a.A1, 32))
                {
                    return -Errno.EFAULT;
                }

                if (!TryTimeval(itimerval, out interval) || !TryTimeval(itimerval + 2, out value))
                {
                    return -Errno.EINVAL;
                }
            }

            RealIntervalTimer timer = RealIntervalTimer.Instance;
            ulong now = Clock.MonotonicNs();
            long error = a.A2 == 0 ? 0 : WriteItimerval(a.A2, timer.Interval, timer.Remaining(now));
            if (error != 0)
            {
                return error;
            }

            timer.Set(now, value, interval);
            return 0;
        }

        public static long Getitimer(ref SyscallArguments a)
        {
            if (a.A0 != ITIMER_REAL)
            {
                return -Errno.EINVAL;
            }

            RealIntervalTimer timer = RealIntervalTimer.Instance;
            return WriteItimerval(a.A1, timer.Interval, timer.Remaining(Clock.MonotonicNs()));
        }

        private static bool TryTimeval(long* timeval, out ulong ns)
        {
            ns = 0;
            if (timeval[0] < 0 || timeval[1] < 0 || timeval[1] >= 1_000_000)
            {
                return false;
            }

            ns = TimeCalls.Saturate((ulong)timeval[0], (ulong)timeval[1] * NsPerMicrosecond);
            return true;
        }

        // A value rounds up to the next microsecond, so that a timer about to fire never reads as disarmed.
        private static long WriteItimerval(ulong address, ulong interval, ulong value)
        {
            ulong* itimerval = stackalloc ulong[4];
            itimerval[0] = interval / NsPerSecond;
            itimerval[1] = (interval % NsPerSecond) / NsPerMicrosecond;
            ulong micros = (value + NsPerMicrosecond - 1) / NsPerMicrosecond;
            itimerval[2] = micros / 1_000_000;
            itimerval[3] = micros % 1_000_000;
            return UserMemory.CopyToUser(address, itimerval, 32) ? 0 : -Errno.EFAULT;
        }
    }
}
