// PeriodicDeadline: the next expiry of a periodic timer that fired late stays on its grid and counts what it skipped.
using Kiln.Time;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Time
{
    public sealed class PeriodicDeadlineTests
    {
        [Fact]
        public void OnTimeGoesOnePeriodOn()
        {
            Assert.Equal(110UL, PeriodicDeadline.Next(100, 10, 100, 0, out ulong skipped));
            Assert.Equal(0UL, skipped);
        }

        [Fact]
        public void LateSkipsThePeriodsThatWentBy()
        {
            Assert.Equal(130UL, PeriodicDeadline.Next(100, 10, 125, 0, out ulong skipped));
            Assert.Equal(2UL, skipped);
        }

        [Fact]
        public void AnExpiryExactlyNowCountsAsPassed()
        {
            Assert.Equal(140UL, PeriodicDeadline.Next(100, 10, 130, 0, out ulong skipped));
            Assert.Equal(3UL, skipped);
        }

        [Fact]
        public void MinimumDelayPushesTinyIntervalsOut()
        {
            ulong next = PeriodicDeadline.Next(1000, 1, 1000, 50, out ulong skipped);
            Assert.True(next >= 1050);
            Assert.Equal(next - 1001, skipped);
        }

        [Fact]
        public void HugeIntervalsNeverWrap()
        {
            Assert.Equal(ulong.MaxValue - 1, PeriodicDeadline.Next(100, ulong.MaxValue - 10, 100, 0, out _));
        }
    }
}
