// The timeouts of the readiness waits (poll, ppoll, select, pselect6, epoll_wait, epoll_pwait2) as monotonic
// deadlines, and the remaining time that poll-family calls write back (poll_select_finish in fs/select.c).
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class WaitTimeout
    {
        private const ulong NsPerSecond = 1_000_000_000;

        /// <summary>A timeout in milliseconds: negative waits forever, zero does not wait.</summary>
        public static ulong FromMilliseconds(long milliseconds)
        {
            if (milliseconds < 0)
            {
                return Scheduler.Forever;
            }

            return milliseconds == 0 ? PollSet.NoWait : TimeCalls.AddSaturating(Clock.MonotonicNs(), (ulong)milliseconds * 1_000_000);
        }

        /// <summary>
        /// A relative struct timespec (null: wait forever) as a deadline: 0, -EFAULT or -EINVAL (a negative or
        /// out-of-range field).
        /// </summary>
        public static long ReadTimespec(ulong address, out ulong deadline)
        {
            deadline = Scheduler.Forever;
            if (address == 0)
            {
                return 0;
            }

            long* timespec = stackalloc long[2];
            if (!UserMemory.CopyFromUser(timespec, address, 16))
            {
                return -Errno.EFAULT;
            }

            if (timespec[0] < 0 || timespec[1] < 0 || timespec[1] >= (long)NsPerSecond)
            {
                return -Errno.EINVAL;
            }

            deadline = ToDeadline((ulong)timespec[0], (ulong)timespec[1]);
            return 0;
        }

        /// <summary>select's struct timeval (null: forever); microseconds past a second carry over, as Linux allows.</summary>
        public static long ReadTimeval(ulong address, out ulong deadline)
        {
            deadline = Scheduler.Forever;
            if (address == 0)
            {
                return 0;
            }

            long* timeval = stackalloc long[2];
            if (!UserMemory.CopyFromUser(timeval, address, 16))
            {
                return -Errno.EFAULT;
            }

            if (timeval[0] < 0 || timeval[1] < 0)
            {
                return -Errno.EINVAL;
            }

            ulong seconds = (ulong)timeval[0] + ((ulong)timeval[1] / 1_000_000);
            deadline = ToDeadline(seconds, ((ulong)timeval[1] % 1_000_000) * 1000);
            return 0;
        }

        /// <summary>
        /// Writes the time left until <paramref name="deadline"/> back to the caller's timespec or timeval, unless the
        /// wait was untimed or had a zero timeout. A failed write is ignored: the call itself succeeded (Linux does the same).
        /// </summary>
        public static void WriteRemaining(ulong address, ulong deadline, bool timeval)
        {
            if (address == 0 || deadline == Scheduler.Forever || deadline == PollSet.NoWait)
            {
                return;
            }

            ulong now = Clock.MonotonicNs();
            ulong left = deadline > now ? deadline - now : 0;
            ulong* value = stackalloc ulong[2];
            value[0] = left / NsPerSecond;
            value[1] = timeval ? (left % NsPerSecond) / 1000 : left % NsPerSecond;
            UserMemory.CopyToUser(address, value, 16);
        }

        private static ulong ToDeadline(ulong seconds, ulong nanoseconds)
        {
            if (seconds == 0 && nanoseconds == 0)
            {
                return PollSet.NoWait;
            }

            return TimeCalls.AddSaturating(Clock.MonotonicNs(), TimeCalls.Saturate(seconds, nanoseconds));
        }
    }
}
