// Clocks and sleeping: clock_gettime, gettimeofday, time, nanosleep, clock_nanosleep. Sleeping waits on the TSC;
// idling with a timer interrupt arrives with the scheduler.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class TimeCalls
    {
        private const ulong CLOCK_REALTIME = 0;
        private const ulong CLOCK_MONOTONIC = 1;
        private const ulong CLOCK_PROCESS_CPUTIME_ID = 2;
        private const ulong CLOCK_THREAD_CPUTIME_ID = 3;
        private const ulong CLOCK_MONOTONIC_RAW = 4;
        private const ulong CLOCK_REALTIME_COARSE = 5;
        private const ulong CLOCK_MONOTONIC_COARSE = 6;
        private const ulong CLOCK_BOOTTIME = 7;
        private const ulong TIMER_ABSTIME = 1;
        private const ulong NsPerSecond = 1_000_000_000;

        public static long ClockGettime(ref SyscallArguments a)
        {
            if (!TryRead(a.A0, out ulong now))
            {
                return -Errno.EINVAL;
            }

            return WriteTimespec(a.A1, now);
        }

        public static long Gettimeofday(ref SyscallArguments a)
        {
            if (a.A0 != 0)
            {
                ulong now = Clock.RealtimeNs();
                ulong* timeval = stackalloc ulong[2];
                timeval[0] = now / NsPerSecond;
                timeval[1] = (now % NsPerSecond) / 1000;
                if (!UserMemory.CopyToUser(a.A0, timeval, 16))
                {
                    return -Errno.EFAULT;
                }
            }

            // The obsolete timezone argument reads as UTC.
            if (a.A1 != 0 && !UserMemory.ZeroUser(a.A1, 8))
            {
                return -Errno.EFAULT;
            }

            return 0;
        }

        public static long Time(ref SyscallArguments a)
        {
            long seconds = (long)(Clock.RealtimeNs() / NsPerSecond);
            if (a.A0 != 0 && !UserMemory.Write(a.A0, seconds))
            {
                return -Errno.EFAULT;
            }

            return seconds;
        }

        public static long Nanosleep(ref SyscallArguments a)
        {
            long error = ReadTimespec(a.A0, out ulong duration);
            if (error != 0)
            {
                return error;
            }

            Clock.SpinUntil(Clock.MonotonicNs() + duration);
            return 0;
        }

        public static long ClockNanosleep(ref SyscallArguments a)
        {
            if (!TryRead(a.A0, out ulong now) || a.A0 == CLOCK_THREAD_CPUTIME_ID)
            {
                return -Errno.EINVAL;
            }

            long error = ReadTimespec(a.A2, out ulong value);
            if (error != 0)
            {
                return error;
            }

            ulong duration = (a.A1 & TIMER_ABSTIME) != 0 ? (value > now ? value - now : 0) : value;
            Clock.SpinUntil(Clock.MonotonicNs() + duration);
            return 0;
        }

        public static long ClockGetres(ref SyscallArguments a)
        {
            if (!TryRead(a.A0, out _))
            {
                return -Errno.EINVAL;
            }

            return a.A1 == 0 ? 0 : WriteTimespec(a.A1, 1);
        }

        // The process has one thread and never waits off-CPU, so its CPU time is the time since boot.
        private static bool TryRead(ulong clock, out ulong now)
        {
            switch (clock)
            {
                case CLOCK_REALTIME:
                case CLOCK_REALTIME_COARSE:
                    now = Clock.RealtimeNs();
                    return true;
                case CLOCK_MONOTONIC:
                case CLOCK_MONOTONIC_RAW:
                case CLOCK_MONOTONIC_COARSE:
                case CLOCK_BOOTTIME:
                case CLOCK_PROCESS_CPUTIME_ID:
                case CLOCK_THREAD_CPUTIME_ID:
                    now = Clock.MonotonicNs();
                    return true;
                default:
                    now = 0;
                    return false;
            }
        }

        private static long WriteTimespec(ulong address, ulong ns)
        {
            ulong* timespec = stackalloc ulong[2];
            timespec[0] = ns / NsPerSecond;
            timespec[1] = ns % NsPerSecond;
            return UserMemory.CopyToUser(address, timespec, 16) ? 0 : -Errno.EFAULT;
        }

        private static long ReadTimespec(ulong address, out ulong ns)
        {
            ns = 0;
            long* timespec = stackalloc long[2];
            if (!UserMemory.CopyFromUser(timespec, address, 16))
            {
                return -Errno.EFAULT;
            }

            if (timespec[0] < 0 || timespec[1] < 0 || timespec[1] >= (long)NsPerSecond)
            {
                return -Errno.EINVAL;
            }

            ns = ((ulong)timespec[0] * NsPerSecond) + (ulong)timespec[1];
            return 0;
        }
    }
}
