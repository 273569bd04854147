// One timer_create timer: its clock, how it notifies (a signal to the process or to one thread, or nothing), and
// its expiry. As on Linux a periodic timer whose signal is queued is re-armed only when that signal is taken
// (posixtimer_rearm), and the periods that went by meanwhile are its overrun.
using Kiln.Kernel.Scheduling;
using Kiln.Linux;
using Kiln.Time;

namespace Kiln.Kernel.Process
{
    internal sealed class PosixTimer : Timer
    {
        public int Id;
        public bool InUse;
        public int Clock;
        public int Notify;
        public int Signal;
        public ulong Value;
        public int TargetThread;

        public ulong Interval;

        /// <summary>Set between timer_settime and the end of its last period (a periodic timer waiting to be re-armed counts).</summary>
        public bool Running;

        /// <summary>Its signal is queued and not yet taken.</summary>
        public bool SignalQueued;

        /// <summary>The overrun of the last signal taken, for timer_getoverrun.</summary>
        public int LastOverrun;

        public PosixTimer(int id) => Id = id;

        public override void Expire(ulong now)
        {
            if (Notify == SigEvent.SIGEV_NONE)
            {
                Reload(now, out _);
                return;
            }

            SigInfo info = SigInfo.FromTimer(Signal, Id, 0, Value);
            Thread target = Notify == SigEvent.SIGEV_THREAD_ID ? ThreadRegistry.Find(TargetThread) : null;
            bool queued = target != null ? SignalDelivery.SendToThread(target, info) : SignalDelivery.SendToProcess(info);
            if (queued)
            {
                SignalQueued = true;
                if (Interval == 0)
                {
                    Running = false;
                }

                return;
            }

            // Ignored or merged into a pending instance: nobody will take this one, so re-arm now.
            Reload(now, out _);
        }

        /// <summary>Its signal was taken: re-arm a periodic timer and report the periods it missed.</summary>
        public int Taken(ulong now)
        {
            if (!SignalQueued)
            {
                return 0;
            }

            SignalQueued = false;
            Reload(now, out ulong skipped);
            LastOverrun = skipped > int.MaxValue ? int.MaxValue : (int)skipped;
            return LastOverrun;
        }

        public void Arm(ulong deadline, ulong interval)
        {
            Disarm();
            Running = true;
            Interval = interval;
            Scheduler.AddTimer(this, deadline);
        }

        public void Disarm()
        {
            Scheduler.CancelTimer(this);
            Running = false;
            SignalQueued = false;
            Interval = 0;
        }

        /// <summary>Nanoseconds to the next expiry, 0 when not running.</summary>
        public ulong Remaining(ulong now)
        {
            if (!Running)
            {
                return 0;
            }

            ulong next = IsArmed ? Deadline : PeriodicDeadline.Next(Deadline, Interval, now, 0, out _);
            return next > now ? next - now : 1;
        }

        private void Reload(ulong now, out ulong skipped)
        {
            skipped = 0;
            if (Interval == 0)
            {
                Running = false;
                return;
            }

            Scheduler.AddTimer(this, PeriodicDeadline.Next(Deadline, Interval, now, RealIntervalTimer.MinimumRearmNs, out skipped));
        }
    }
}
