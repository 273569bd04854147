// A timerfd (timerfd_create(2)): a timer delivered through a file. Each expiration adds one to a count that a read
// returns as a u64 and resets (blocking, or EAGAIN, while it is 0); the file is readable while the count is non-zero.
// The counting rules (a periodic timer re-armed only when read, skipped periods counted) are Kiln.Time's
// TimerFdSchedule; this file holds the scheduler timer, the clock and the blocking. Realtime deadlines become
// monotonic ones when set: Kiln's wall clock is never set while the program runs (no clock_settime), so a realtime
// timer never drifts from its monotonic deadline and TFD_TIMER_CANCEL_ON_SET never has anything to cancel.
// Pooled with its timer: the kernel frees no objects.
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Linux;
using Kiln.Time;

namespace Kiln.Kernel.Files
{
    internal sealed unsafe class TimerFd : OpenFile
    {
        private static TimerFd s_pool;

        private readonly TimerFdSchedule _schedule = new TimerFdSchedule();
        private readonly TimerFdAlarm _alarm;
        private TimerFd _poolNext;

        private TimerFd() => _alarm = new TimerFdAlarm(this);

        /// <summary>The clock it was created on (CLOCK_REALTIME, CLOCK_MONOTONIC or CLOCK_BOOTTIME).</summary>
        public int ClockId { get; private set; }

        public static TimerFd Create(int clockId, int flags)
        {
            TimerFd file = s_pool;
            if (file != null)
            {
                s_pool = file._poolNext;
                file._poolNext = null;
            }
            else
            {
                file = new TimerFd();
            }

            file.ClockId = clockId;
            file._schedule.Disarm();
            file.Open(OpenFlags.O_RDWR | (flags & OpenFlags.O_NONBLOCK));
            return file;
        }

        /// <summary>
        /// timerfd_settime: the old setting (an expired periodic timer first moves on, so the old value says when it
        /// would have fired next), then the new one: disarmed when <paramref name="arm"/> is false, otherwise a first
        /// expiry at the monotonic <paramref name="deadline"/> (now or past: at once) and then every
        /// <paramref name="interval"/> ns. The count of unread expirations restarts.
        /// </summary>
        public void Set(bool arm, ulong deadline, ulong interval, out ulong oldInterval, out ulong oldValue)
        {
            ulong now = Clock.MonotonicNs();
            Scheduler.CancelTimer(_alarm);
            _schedule.Forward(now);
            oldInterval = _schedule.Interval;
            oldValue = _schedule.Remaining(now);
            if (!arm)
            {
                _schedule.Disarm();
                return;
            }

            _schedule.Set(deadline, interval);
            Scheduler.AddTimer(_alarm, deadline);
        }

        /// <summary>timerfd_gettime: the period and the time to the next expiry (0 when disarmed or a one-shot that fired).</summary>
        public void Get(out ulong interval, out ulong value)
        {
            ulong now = Clock.MonotonicNs();
            if (_schedule.Forward(now))
            {
                Scheduler.AddTimer(_alarm, _schedule.Deadline);
            }

            interval = _schedule.Interval;
            value = _schedule.Remaining(now);
        }

        /// <summary>The scheduler timer fired (interrupts off): count it and wake readers and epoll.</summary>
        public void OnExpired()
        {
            _schedule.Fire();
            Readiness.Notify(PollEvents.EPOLLIN);
        }

        public override long Read(ref UserIo io)
        {
            if (io.Remaining < 8)
            {
                return -Errno.EINVAL;
            }

            for (;;)
            {
                ulong ticks = _schedule.Take(Clock.MonotonicNs(), out bool rearm);
                if (rearm)
                {
                    Scheduler.AddTimer(_alarm, _schedule.Deadline);
                }

                if (ticks != 0)
                {
                    // As on Linux the count is taken before it is copied out: a bad buffer loses it (EFAULT).
                    return io.CopyOut(&ticks, 8) == 8 ? 8 : -Errno.EFAULT;
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

        // timerfd_poll: only EPOLLIN, while expirations wait to be read.
        public override uint Poll() => _schedule.Ticks != 0 ? PollEvents.EPOLLIN : 0;

        public override void Stat(LinuxStat* stat) => AnonymousInode.Stat(stat);

        protected override void Release()
        {
            Scheduler.CancelTimer(_alarm);
            _schedule.Disarm();
            _poolNext = s_pool;
            s_pool = this;
        }
    }
}
