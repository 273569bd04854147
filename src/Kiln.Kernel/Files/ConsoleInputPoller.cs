// The console's UART raises no interrupt, so while poll, select or epoll watch a console file this timer looks at
// the UART every millisecond and notifies the console files when input arrives. It stops by itself when no one
// watches or input was reported (the next poll of a console file starts it again).
using Kiln.Kernel.Scheduling;

namespace Kiln.Kernel.Files
{
    internal sealed class ConsoleInputPoller : Timer
    {
        private const ulong IntervalNs = 1_000_000;

        private static ConsoleInputPoller s_timer;

        /// <summary>Makes the timer; at boot, with the console files.</summary>
        public static void Initialize() => s_timer = new ConsoleInputPoller();

        public static void StartIfWatched()
        {
            if (!s_timer.IsArmed && ConsoleFiles.AreWatched)
            {
                Scheduler.AddTimer(s_timer, Kiln.Kernel.Time.Clock.MonotonicNs() + IntervalNs);
            }
        }

        public override void Expire(ulong now)
        {
            if (ConsoleFiles.HasInput)
            {
                ConsoleFiles.NotifyInput();
                return;
            }

            if (ConsoleFiles.AreWatched)
            {
                Scheduler.AddTimer(this, now + IntervalNs);
            }
        }
    }
}
