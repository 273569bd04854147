// setitimer(ITIMER_REAL) and alarm: one per process, counting down in real time and sending SIGALRM to the process
// (si_code SI_KERNEL, as Linux's it_real_fn sends it), then reloading from the interval if there is one.
using Kiln.Kernel.Scheduling;
using Kiln.Linux;
using Kiln.Time;

namespace Kiln.Kernel.Process
{
    internal sealed class RealIntervalTimer : Timer
    {
        /// <summary>
        /// A periodic timer is re-armed no sooner than this after it fires, so that a tiny interval cannot keep the
        /// CPU in timer interrupts; the periods it skips are merged into the pending SIGALRM.
        /// </summary>
        public const ulong MinimumRearmNs = 50_000;

        private static RealIntervalTimer s_instance;

        public ulong Interval;

        public static RealIntervalTimer Instance => s_instance ??= new RealIntervalTimer();

        public override void Expire(ulong now)
        {
            SignalDelivery.SendToProcess(SigInfo.FromSender(SignalNumbers.SIGALRM, SigInfo.SI_KERNEL, 0, 0));
            if (Interval != 0)
            {
                Scheduler.AddTimer(this, PeriodicDeadline.Next(Deadline, Interval, now, MinimumRearmNs, out _));
            }
        }

        /// <summary>Arms for <paramref name="value"/> ns from now (0 disarms), reloading from <paramref name="interval"/>.</summary>
        public void Set(ulong now, ulong value, ulong interval)
        {
            Scheduler.CancelTimer(this);
            Interval = value == 0 ? 0 : interval;
            if (value != 0)
            {
                Scheduler.AddTimer(this, now + value);
            }
        }

        /// <summary>Nanoseconds until it fires, 0 when disarmed.</summary>
        public ulong Remaining(ulong now) => !IsArmed ? 0 : Deadline > now ? Deadline - now : 1;
    }
}
