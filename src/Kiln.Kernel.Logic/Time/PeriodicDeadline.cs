// The arithmetic of a periodic timer that fired late: the next expiry on its original grid strictly after now, and
// how many expiries were skipped to get there (the overrun POSIX timers report, as hrtimer_forward counts it).
namespace Kiln.Time
{
    public static class PeriodicDeadline
    {
        /// <summary>
        /// The first of <paramref name="deadline"/> + k * <paramref name="interval"/> (k ≥ 1) later than
        /// <paramref name="now"/> and no earlier than now + <paramref name="minimumDelay"/>; <paramref name="skipped"/>
        /// is k - 1, the periods that went by without their own expiry.
        /// </summary>
        public static ulong Next(ulong deadline, ulong interval, ulong now, ulong minimumDelay, out ulong skipped)
        {
            skipped = 0;
            if (interval == 0)
            {
                return deadline;
            }

            // An interval so long that the next expiry is past the end of time: it never comes.
            if (interval >= ulong.MaxValue - deadline || now >= ulong.MaxValue - minimumDelay - interval)
            {
                return ulong.MaxValue - 1;
            }

            ulong earliest = now + minimumDelay;
            if (deadline + interval >= earliest && deadline + interval > now)
            {
                return deadline + interval;
            }

            ulong periods = ((earliest - deadline) / interval) + 1;
            skipped = periods - 1;
            return deadline + (periods * interval);
        }
    }
}
