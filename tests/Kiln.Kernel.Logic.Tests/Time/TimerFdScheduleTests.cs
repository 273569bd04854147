// TimerFdSchedule: a timerfd counts expirations until read, re-arms a periodic timer only when someone looks (a read
// or timerfd_gettime) and then counts the periods that went by, as fs/timerfd.c does with hrtimer_forward_now.
using Kiln.Time;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Time
{
    public sealed class TimerFdScheduleTests
    {
        [Fact]
        public void ADisarmedTimerHasNothingToReadAndNoTimeLeft()
        {
            var schedule = new TimerFdSchedule();
            schedule.Disarm();

            Assert.False(schedule.IsPending);
            Assert.Equal(0UL, schedule.Take(1000, out bool rearm));
            Assert.False(rearm);
            Assert.Equal(0UL, schedule.Remaining(1000));
        }

        [Fact]
        public void AOneShotTimerCountsOnceThenReportsZeroRemaining()
        {
            var schedule = new TimerFdSchedule();
            schedule.Set(deadline: 500, interval: 0);
            Assert.True(schedule.IsPending);
            Assert.Equal(400UL, schedule.Remaining(100));

            schedule.Fire();

            Assert.False(schedule.IsPending);
            Assert.Equal(0UL, schedule.Remaining(600));
            Assert.Equal(1UL, schedule.Take(600, out bool rearm));
            Assert.False(rearm);
            Assert.Equal(0UL, schedule.Take(700, out _));
        }

        [Fact]
        public void APeriodicTimerReadOnTimeCountsOneAndMovesOnePeriod()
        {
            var schedule = new TimerFdSchedule();
            schedule.Set(deadline: 100, interval: 50);
            schedule.Fire();

            Assert.Equal(1UL, schedule.Take(120, out bool rearm));

            Assert.True(rearm);
            Assert.True(schedule.IsPending);
            Assert.Equal(150UL, schedule.Deadline);
        }

        [Fact]
        public void APeriodicTimerReadLateCountsTheMissedPeriods()
        {
            var schedule = new TimerFdSchedule();
            schedule.Set(deadline: 100, interval: 50);
            schedule.Fire();

            // Expiries at 100 (fired), 150, 200, 250 have passed by 260: four in all; the next is 300.
            Assert.Equal(4UL, schedule.Take(260, out bool rearm));

            Assert.True(rearm);
            Assert.Equal(300UL, schedule.Deadline);
            Assert.Equal(40UL, schedule.Remaining(260));
        }

        [Fact]
        public void AnAbsoluteStartInThePastCountsEveryPeriodSinceIt()
        {
            var schedule = new TimerFdSchedule();
            schedule.Set(deadline: 1_000, interval: 1_000);
            schedule.Fire();

            Assert.Equal(10UL, schedule.Take(10_500, out _));
            Assert.Equal(11_000UL, schedule.Deadline);
        }

        [Fact]
        public void GettimeMovesAFiredPeriodicTimerOnAndKeepsTheCountForTheNextRead()
        {
            var schedule = new TimerFdSchedule();
            schedule.Set(deadline: 100, interval: 50);
            schedule.Fire();

            Assert.True(schedule.Forward(220));
            Assert.Equal(30UL, schedule.Remaining(220));
            Assert.False(schedule.Forward(230));

            // 100 and 150 and 200 went by: three expirations, and the timer runs on from 250 without another read.
            Assert.Equal(3UL, schedule.Take(230, out bool rearm));
            Assert.False(rearm);
            Assert.True(schedule.IsPending);
        }

        [Fact]
        public void ANewSettingRestartsTheCount()
        {
            var schedule = new TimerFdSchedule();
            schedule.Set(deadline: 100, interval: 0);
            schedule.Fire();

            schedule.Set(deadline: 1_000, interval: 0);

            Assert.Equal(0UL, schedule.Ticks);
            Assert.Equal(0UL, schedule.Take(200, out _));
            Assert.True(schedule.IsPending);
        }

        [Fact]
        public void AFireWhileDisarmedCountsNothing()
        {
            var schedule = new TimerFdSchedule();
            schedule.Set(deadline: 100, interval: 10);
            schedule.Disarm();

            schedule.Fire();

            Assert.Equal(0UL, schedule.Ticks);
            Assert.Equal(0UL, schedule.Interval);
        }
    }
}
