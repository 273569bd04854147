// The bookkeeping of one timerfd (fs/timerfd.c): its next expiry, its period, and the expirations not yet read. As
// on Linux the timer is not re-armed when it fires: a periodic timer waits until a read (or timerfd_gettime) takes
// the count, and then moves to the next expiry on its grid, counting the periods that went by as expirations too.
// Re-arming only when someone looks means that a tiny period cannot keep the CPU in timer interrupts. All times are
// monotonic nanoseconds; the caller arms the real timer for Deadline whenever IsPending says so.
namespace Kiln.Time
{
    public sealed class TimerFdSchedule
    {
        /// <summary>The next expiry while pending; the last one once expired; 0 when disarmed.</summary>
        public ulong Deadline { get; private set; }

        /// <summary>The period, 0 for a one-shot timer.</summary>
        public ulong Interval { get; private set; }

        /// <summary>Expirations counted and not yet read.</summary>
        public ulong Ticks { get; private set; }

        /// <summary>The timer fired and was not re-armed since (a periodic one waits for a read).</summary>
        public bool Expired { get; private set; }

        /// <summary>An expiry is due at Deadline: the real timer should be armed.</summary>
        public bool IsPending { get; private set; }

        /// <summary>timerfd_settime with a value: the count restarts, the first expiry is <paramref name="deadline"/>.</summary>
        public void Set(ulong deadline, ulong interval)
        {
            Deadline = deadline;
            Interval = interval;
            Ticks = 0;
            Expired = false;
            IsPending = true;
        }

        /// <summary>timerfd_settime with a zero value: disarmed, nothing to read.</summary>
        public void Disarm()
        {
            Deadline = 0;
            Interval = 0;
            Ticks = 0;
            Expired = false;
            IsPending = false;
        }

        /// <summary>The real timer reached Deadline: one more expiration to read; it stays unarmed until someone looks.</summary>
        public void Fire()
        {
            if (!IsPending)
            {
                return;
            }

            Ticks++;
            Expired = true;
            IsPending = false;
        }

        /// <summary>
        /// A periodic timer that fired moves to its first expiry after <paramref name="now"/>, counting the ones it
        /// skipped (hrtimer_forward_now). True when it did: the caller arms the real timer again.
        /// </summary>
        public bool Forward(ulong now)
        {
            if (!Expired || Interval == 0)
            {
                return false;
            }

            Deadline = PeriodicDeadline.Next(Deadline, Interval, now, 0, out ulong skipped);
            Ticks += skipped;
            Expired = false;
            IsPending = true;
            return true;
        }

        /// <summary>
        /// A read: the expirations so far (0 when none), including periods a late periodic timer skipped; the count
        /// restarts. <paramref name="rearm"/>: the timer moved on and the real timer must be armed again.
        /// </summary>
        public ulong Take(ulong now, out bool rearm)
        {
            rearm = false;
            if (Ticks == 0)
            {
                return 0;
            }

            rearm = Forward(now);
            ulong ticks = Ticks;
            Ticks = 0;
            Expired = false;
            return ticks;
        }

        /// <summary>Nanoseconds to the next expiry as timerfd_gettime reports it: 0 when disarmed or past it.</summary>
        public ulong Remaining(ulong now) => Deadline > now ? Deadline - now : 0;
    }
}
