// Clocks and sleeping: clock_gettime (wall, monotonic and CPU-time clocks), gettimeofday, time, nanosleep,
// clock_nanosleep. A sleeping thread blocks off-CPU until its deadline or a signal. Programs normally read the
// wall and monotonic clocks through the vDSO without entering the kernel; these are the fallbacks.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
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

        // nanosleep(req, rem): blocks off-CPU; a signal ends the sleep with EINTR and the time left in rem. (Linux never
        // restarts nanosleep after a handler, SA_RESTART or not.)
        public static long Nanosleep(ref SyscallArguments a)
        {
            long error = ReadTimespec(a.A0, out ulong duration);
            if (error != 0)
            {
                return error;
            }

            ulong deadline = AddSaturating(Clock.MonotonicNs(), duration);
            return Sleep(deadline, a.A1);
        }

        public static long ClockNanosleep(ref SyscallArguments a)
        {
            if (!TryRead(a.A0, out ulong now) || a.A0 == CLOCK_THREAD_CPUTIME_ID || a.A0 == CLOCK_PROCESS_CPUTIME_ID)
            {
                return a.A0 == CLOCK_THREAD_CPUTIME_ID ? -Errno.EINVAL : (a.A0 == CLOCK_PROCESS_CPUTIME_ID ? -Errno.ENOTSUP : -Errno.EINVAL);
            }

            long error = ReadTimespec(a.A2, out ulong value);
            if (error != 0)
            {
                return error;
            }

            bool absolute = (a.A1 & TIMER_ABSTIME) != 0;
            bool realtime = a.A0 == CLOCK_REALTIME || a.A0 == CLOCK_REALTIME_COARSE;
            ulong deadline = absolute ? ToMonotonicDeadline(value, realtime) : AddSaturating(Clock.MonotonicNs(), value);
            return Sleep(deadline, absolute ? 0 : a.A3);
        }

        public static long ClockGetres(ref SyscallArguments a)
        {
            if (!TryRead(a.A0, out _))
            {
                return -Errno.EINVAL;
            }

            return a.A1 == 0 ? 0 : WriteTimespec(a.A1, 1);
        }

        /// <summary>Seconds and nanoseconds as nanoseconds, saturating instead of wrapping for far-future values.</summary>
        public static ulong Saturate(ulong seconds, ulong nanoseconds) =>
            seconds >= ulong.MaxValue / NsPerSecond ? Scheduler.Forever - 1 : (seconds * NsPerSecond) + nanoseconds;

        public static ulong AddSaturating(ulong a, ulong b) => a + b < a || a + b == Scheduler.Forever ? Scheduler.Forever - 1 : a + b;

        /// <summary>An absolute time on CLOCK_MONOTONIC or CLOCK_REALTIME as a monotonic deadline.</summary>
        public static ulong ToMonotonicDeadline(ulong absolute, bool realtime)
        {
            if (!realtime)
            {
                return absolute;
            }

            ulong offset = Clock.RealtimeNs() - Clock.MonotonicNs();
            return absolute > offset ? absolute - offset : 0;
        }

        private static long Sleep(ulong deadline, ulong remaining)
        {
            if (Scheduler.SleepUntil(deadline, interruptible: true) != WakeReason.Interrupted)
            {
                return 0;
            }

            if (remaining != 0)
            {
                ulong now = Clock.MonotonicNs();
                long written = WriteTimespec(remaining, deadline > now ? deadline - now : 0);
                if (written != 0)
                {
                    return written;
                }
            }

            return -Errno.EINTR;
        }

        // CPU-time clocks: CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, and the dynamic ids glibc builds for
        // clock_getcpuclockid/pthread_getcpuclockid: ~id << 3 | type, bit 2 set for a thread.
        private static bool TryReadCpuClock(ulong clock, out ulong now)
        {
            now = 0;
            if (clock == CLOCK_PROCESS_CPUTIME_ID)
            {
                now = ProcessCpuNs();
                return true;
            }

            if (clock == CLOCK_THREAD_CPUTIME_ID)
            {
                now = CurrentThreadCpuNs();
                return true;
            }

            long id = (long)clock;
            if (id >= 0 || (id & 3) == 3)
            {
                return false;
            }

            int target = (int)~(id >> 3);
            if ((id & 4) != 0)
            {
                Thread thread = target == 0 ? Scheduler.Current : ThreadRegistry.Find(target);
                if (thread == null)
                {
                    return false;
                }

                now = thread == Scheduler.Current ? CurrentThreadCpuNs() : thread.CpuNs;
                return true;
            }

            if (target != 0 && target != Kiln.Kernel.Process.UserProcess.Pid)
            {
                return false;
            }

            now = ProcessCpuNs();
            return true;
        }

        /// <summary>The current thread's CPU time including the stretch it is in now.</summary>
        public static ulong CurrentThreadCpuNs()
        {
            Thread current = Scheduler.Current;
            return current.CpuNs + current.UnchargedNs;
        }

        /// <summary>All threads' CPU time, living and exited.</summary>
        public static ulong ProcessCpuNs()
        {
            ulong total = ThreadRegistry.ExitedUserNs + ThreadRegistry.ExitedSystemNs;
            for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
            {
                total += thread == Scheduler.Current ? CurrentThreadCpuNs() : thread.CpuNs;
            }

            return total;
        }

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
                    now = Clock.MonotonicNs();
                    return true;
                default:
                    return TryReadCpuClock(clock, out now);
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
