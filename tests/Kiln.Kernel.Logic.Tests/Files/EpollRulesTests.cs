// EpollRules tests: errors and hang-ups always reported, level-triggered items staying ready, edge-triggered leaving,
// one-shot disarming until MOD, and the epoll_ctl requests rejected before the interest list is consulted.

using Kiln.Files;
using Kiln.Linux;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Files
{
    public sealed class EpollRulesTests
    {
        [Fact]
        public void ErrorsAndHangUpsAreReportedUnasked()
        {
            uint interest = EpollRules.Interest(PollEvents.EPOLLIN);

            Assert.Equal(PollEvents.EPOLLHUP, EpollRules.Reported(interest, PollEvents.EPOLLHUP | PollEvents.EPOLLOUT));
            Assert.Equal(PollEvents.EPOLLIN | PollEvents.EPOLLERR, EpollRules.Reported(interest, PollEvents.EPOLLIN | PollEvents.EPOLLERR | PollEvents.EPOLLRDNORM));
        }

        [Fact]
        public void FlagsAreNeverReportedAsEvents()
        {
            uint interest = EpollRules.Interest(PollEvents.EPOLLIN | PollEvents.EPOLLET | PollEvents.EPOLLONESHOT);

            // Even a readiness mask with every bit set reports only the events asked for, plus errors and hang-ups.
            Assert.Equal(PollEvents.EPOLLIN | PollEvents.EPOLLERR | PollEvents.EPOLLHUP, EpollRules.Reported(interest, 0xFFFFFFFF));
        }

        [Fact]
        public void LevelTriggeredItemsStayReady()
        {
            uint interest = EpollRules.Interest(PollEvents.EPOLLIN);

            uint after = EpollRules.AfterReport(interest, out bool staysReady);

            Assert.True(staysReady);
            Assert.Equal(interest, after);
        }

        [Fact]
        public void EdgeTriggeredItemsLeaveTheReadyList()
        {
            uint interest = EpollRules.Interest(PollEvents.EPOLLIN | PollEvents.EPOLLET);

            uint after = EpollRules.AfterReport(interest, out bool staysReady);

            Assert.False(staysReady);
            Assert.Equal(interest, after);
        }

        [Fact]
        public void OneShotItemsAreDisarmedAndThenReportNothing()
        {
            uint interest = EpollRules.Interest(PollEvents.EPOLLIN | PollEvents.EPOLLONESHOT);

            uint after = EpollRules.AfterReport(interest, out bool staysReady);

            Assert.False(staysReady);
            Assert.Equal(PollEvents.EPOLLONESHOT, after);
            Assert.Equal(0u, EpollRules.Reported(after, PollEvents.EPOLLIN | PollEvents.EPOLLHUP | PollEvents.EPOLLERR));
        }

        [Fact]
        public void RdhupPassesThroughWhenAskedFor()
        {
            uint interest = EpollRules.Interest(PollEvents.EPOLLIN | PollEvents.EPOLLRDHUP);

            Assert.Equal(PollEvents.EPOLLIN | PollEvents.EPOLLRDHUP, EpollRules.Reported(interest, PollEvents.Readable | PollEvents.EPOLLRDHUP));
            Assert.Equal(0u, EpollRules.Reported(EpollRules.Interest(PollEvents.EPOLLIN), PollEvents.EPOLLRDHUP));
        }

        [Fact]
        public void ModRearmsAOneShotItem()
        {
            uint fired = EpollRules.AfterReport(EpollRules.Interest(PollEvents.EPOLLIN | PollEvents.EPOLLONESHOT), out _);
            Assert.Equal(0u, EpollRules.Reported(fired, PollEvents.EPOLLIN));

            uint rearmed = EpollRules.Interest(PollEvents.EPOLLIN | PollEvents.EPOLLONESHOT);

            Assert.Equal(PollEvents.EPOLLIN, EpollRules.Reported(rearmed, PollEvents.Readable));
        }

        // ep_poll_callback's ewake: a change of exactly EPOLLIN or EPOLLOUT that the item wants, or one naming neither.
        [Theory]
        [InlineData(PollEvents.EPOLLIN, PollEvents.EPOLLIN, true)]
        [InlineData(PollEvents.EPOLLIN, PollEvents.EPOLLIN | PollEvents.EPOLLRDNORM, true)]
        [InlineData(PollEvents.EPOLLIN, PollEvents.EPOLLOUT, false)]
        [InlineData(PollEvents.EPOLLOUT, PollEvents.EPOLLOUT | PollEvents.EPOLLWRNORM, true)]
        [InlineData(PollEvents.EPOLLIN | PollEvents.EPOLLOUT, PollEvents.EPOLLIN | PollEvents.EPOLLOUT, false)]
        [InlineData(PollEvents.EPOLLIN, PollEvents.EPOLLHUP, true)]
        [InlineData(PollEvents.EPOLLIN, PollEvents.EPOLLERR, true)]
        public void AnExclusiveWakeupCountsAsLinuxCountsIt(uint requested, uint events, bool counts)
        {
            uint interest = EpollRules.Interest(requested | PollEvents.EPOLLEXCLUSIVE);

            Assert.Equal(counts, EpollRules.ExclusiveWakeCounts(interest, events));
        }

        [Theory]
        [InlineData(0, 0u, false, Errno.EINVAL)]
        [InlineData(4, 0u, false, Errno.EINVAL)]
        [InlineData(EpollRules.EPOLL_CTL_ADD, PollEvents.EPOLLIN, false, 0)]
        [InlineData(EpollRules.EPOLL_CTL_ADD, PollEvents.EPOLLIN | PollEvents.EPOLLEXCLUSIVE, false, 0)]
        [InlineData(EpollRules.EPOLL_CTL_ADD, PollEvents.EPOLLIN | PollEvents.EPOLLEXCLUSIVE, true, Errno.EINVAL)]
        [InlineData(EpollRules.EPOLL_CTL_ADD, PollEvents.EPOLLIN | PollEvents.EPOLLONESHOT | PollEvents.EPOLLEXCLUSIVE, false, Errno.EINVAL)]
        [InlineData(EpollRules.EPOLL_CTL_MOD, PollEvents.EPOLLIN | PollEvents.EPOLLEXCLUSIVE, false, Errno.EINVAL)]
        [InlineData(EpollRules.EPOLL_CTL_DEL, PollEvents.EPOLLEXCLUSIVE, false, 0)]
        public void RequestsAreCheckedAsLinuxDoes(int operation, uint events, bool targetIsEpoll, long expected)
        {
            Assert.Equal(expected, EpollRules.CheckRequest(operation, events, targetIsEpoll));
        }
    }
}
