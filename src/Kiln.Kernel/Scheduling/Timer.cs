// Something that must happen at a monotonic time: a sleeping thread's deadline, an interval timer's signal. Timers
// wait in their CPU's TimerQueue; Expire runs from the timer interrupt or the idle loop, with interrupts off, and
// may wake threads, queue signals or re-add itself for a periodic timer.
namespace Kiln.Kernel.Scheduling
{
    internal abstract class Timer
    {
        /// <summary>Monotonic nanoseconds at which the timer fires.</summary>
        public ulong Deadline;

        internal Timer Next;
        internal bool Armed;

        public bool IsArmed => Armed;

        public abstract void Expire(ulong now);
    }
}
