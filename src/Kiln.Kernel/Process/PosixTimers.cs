// The process's timer_create timers, by id. The table and each timer are allocated on first use and reused after
// timer_delete, so kernel memory stays flat however many timers come and go.
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Process
{
    internal static class PosixTimers
    {
        public const int Capacity = 64;

        private static PosixTimer[] s_timers;

        /// <summary>A free timer with the lowest free id, or null when all are in use.</summary>
        public static PosixTimer Allocate()
        {
            s_timers ??= new PosixTimer[Capacity];
            for (int id = 0; id < Capacity; id++)
            {
                PosixTimer timer = s_timers[id] ??= new PosixTimer(id);
                if (!timer.InUse)
                {
                    timer.InUse = true;
                    timer.LastOverrun = 0;
                    return timer;
                }
            }

            return null;
        }

        public static PosixTimer Find(ulong id)
        {
            if (s_timers == null || id >= Capacity)
            {
                return null;
            }

            PosixTimer timer = s_timers[(int)id];
            return timer != null && timer.InUse ? timer : null;
        }

        /// <summary>A timer's signal was dequeued: fill in its overrun and let a periodic timer run on.</summary>
        public static void Delivered(ref SigInfo info)
        {
            PosixTimer timer = Find((ulong)info.Pid);
            if (timer != null && timer.Signal == info.Signo)
            {
                info.Uid = timer.Taken(Clock.MonotonicNs());
            }
        }
    }
}
