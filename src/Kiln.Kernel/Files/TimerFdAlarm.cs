// The scheduler timer behind one timerfd: when it fires (timer interrupt or idle loop) it tells its file, which
// counts the expiration and wakes readers and epoll. Allocated once with the file and pooled with it.
using Kiln.Kernel.Scheduling;

namespace Kiln.Kernel.Files
{
    internal sealed class TimerFdAlarm : Timer
    {
        private readonly TimerFd _file;

        public TimerFdAlarm(TimerFd file) => _file = file;

        public override void Expire(ulong now) => _file.OnExpired();
    }
}
