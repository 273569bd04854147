// epoll's rules that need no kernel state (fs/eventpoll.c): which events an interest reports, what happens to an item
// after a report (level-triggered stays on the ready list, edge-triggered leaves it, one-shot disarms it), and which
// epoll_ctl requests are invalid before the interest list is even looked at.
using Kiln.Linux;

namespace Kiln.Files
{
    public static class EpollRules
    {
        public const int EPOLL_CTL_ADD = 1;
        public const int EPOLL_CTL_DEL = 2;
        public const int EPOLL_CTL_MOD = 3;

        /// <summary>The flags that are not events (EP_PRIVATE_BITS): a one-shot item keeps only these once it fired.</summary>
        public const uint PrivateBits = PollEvents.EPOLLWAKEUP | PollEvents.EPOLLONESHOT | PollEvents.EPOLLET | PollEvents.EPOLLEXCLUSIVE;

        // EPOLLEXCLUSIVE may only come with these (EPOLLEXCLUSIVE_OK_BITS).
        private const uint ExclusiveAllowed = PollEvents.EPOLLIN | PollEvents.EPOLLOUT | PollEvents.EPOLLERR | PollEvents.EPOLLHUP
            | PollEvents.EPOLLWAKEUP | PollEvents.EPOLLET | PollEvents.EPOLLEXCLUSIVE;

        /// <summary>The interest stored for an ADD or MOD: errors and hang-ups are always reported, as on Linux.</summary>
        public static uint Interest(uint requested) => requested | PollEvents.EPOLLERR | PollEvents.EPOLLHUP;

        /// <summary>What an item with <paramref name="interest"/> reports when its file's readiness is <paramref name="ready"/>.</summary>
        public static uint Reported(uint interest, uint ready) => ready & interest & ~PrivateBits;

        /// <summary>
        /// The interest after a report, and whether the item stays on the ready list: level-triggered items stay (the
        /// next wait polls them again), edge-triggered ones leave until the file signals a new change, one-shot ones
        /// are disarmed until EPOLL_CTL_MOD.
        /// </summary>
        public static uint AfterReport(uint interest, out bool staysReady)
        {
            if ((interest & PollEvents.EPOLLONESHOT) != 0)
            {
                staysReady = false;
                return interest & PrivateBits;
            }

            staysReady = (interest & PollEvents.EPOLLET) == 0;
            return interest;
        }

        /// <summary>
        /// Whether a change of <paramref name="events"/> that an EPOLLEXCLUSIVE item with <paramref name="interest"/>
        /// handed to an epoll with waiters counts as the one wakeup (ep_poll_callback's ewake): only a change of
        /// exactly EPOLLIN or exactly EPOLLOUT that the item asked for, or one that names neither. Otherwise the
        /// file's wakeup goes on to the next exclusive epoll.
        /// </summary>
        public static bool ExclusiveWakeCounts(uint interest, uint events)
        {
            switch (events & (PollEvents.EPOLLIN | PollEvents.EPOLLOUT))
            {
                case PollEvents.EPOLLIN:
                    return (interest & PollEvents.EPOLLIN) != 0;
                case PollEvents.EPOLLOUT:
                    return (interest & PollEvents.EPOLLOUT) != 0;
                case 0:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The errno (positive) for an epoll_ctl request that is invalid whatever the interest list holds, or 0.
        /// <paramref name="targetIsEpoll"/>: the file being added is itself an epoll instance.
        /// </summary>
        public static long CheckRequest(int operation, uint events, bool targetIsEpoll)
        {
            if (operation != EPOLL_CTL_ADD && operation != EPOLL_CTL_DEL && operation != EPOLL_CTL_MOD)
            {
                return Errno.EINVAL;
            }

            if (operation != EPOLL_CTL_DEL && (events & PollEvents.EPOLLEXCLUSIVE) != 0)
            {
                if (operation == EPOLL_CTL_MOD || targetIsEpoll || (events & ~ExclusiveAllowed) != 0)
                {
                    return Errno.EINVAL;
                }
            }

            return 0;
        }
    }
}
