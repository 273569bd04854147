// The deadline of a thread's timed wait (nanosleep, a futex or epoll timeout): when it fires first, the thread wakes
// with WakeReason.TimedOut.
namespace Kiln.Kernel.Scheduling
{
    internal sealed class WakeTimer : Timer
    {
        private readonly Thread _owner;

        public WakeTimer(Thread owner) => _owner = owner;

        public override void Expire(ulong now) => Scheduler.Wake(_owner, WakeReason.TimedOut);
    }
}
