// One entry of an epoll interest list: the (descriptor, file) pair it was added as, the events asked for, the user's
// data, and its place on the epoll's ready list. It observes the file's Readiness: a change the interest covers
// puts it on the ready list and wakes the epoll's waiters. The item does not keep the file open (as on Linux): the
// file's last close removes the item. Pooled: the kernel frees no objects.
using Kiln.Files;

namespace Kiln.Kernel.Files
{
    internal sealed class EpollItem : ReadinessObserver
    {
        private static EpollItem s_pool;

        public Epoll Owner;
        public int Fd;

        /// <summary>The events asked for, always with EPOLLERR and EPOLLHUP, and the EPOLLET/ONESHOT/EXCLUSIVE flags.</summary>
        public uint Interest;

        public ulong Data;

        internal EpollItem BucketNext;
        internal EpollItem ReadyNext;
        internal EpollItem ReadyPrevious;
        internal bool IsReady;

        private EpollItem _poolNext;

        public static EpollItem Obtain(Epoll owner, int fd, OpenFile file, uint interest, ulong data)
        {
            EpollItem item = s_pool;
            if (item != null)
            {
                s_pool = item._poolNext;
                item._poolNext = null;
            }
            else
            {
                item = new EpollItem();
            }

            item.Owner = owner;
            item.Fd = fd;
            item.File = file;
            item.Interest = interest;
            item.Data = data;
            return item;
        }

        public void Recycle()
        {
            Owner = null;
            File = null;
            BucketNext = null;
            _poolNext = s_pool;
            s_pool = this;
        }

        public override Epoll OwnerEpoll => Owner;

        /// <summary>What the item would report now.</summary>
        public uint Reported() => EpollRules.Reported(Interest, File.Poll());

        public override void OnReadiness(uint events)
        {
            // A disarmed one-shot item hears nothing until EPOLL_CTL_MOD; otherwise only changes it asked for count.
            uint wanted = Interest & ~EpollRules.PrivateBits;
            if (wanted == 0 || (events & wanted) == 0)
            {
                return;
            }

            Owner.MakeReady(this);
        }

        // EPOLLEXCLUSIVE (ep_poll_callback): the item joins its epoll's ready list whenever the change concerns it,
        // but counts as the file's one wakeup only when a thread was waiting in epoll_wait on that epoll; otherwise
        // the file goes on to the next exclusive epoll.
        public override bool OfferExclusive(uint events)
        {
            uint wanted = Interest & ~EpollRules.PrivateBits;
            if (wanted == 0 || (events & wanted) == 0)
            {
                return false;
            }

            bool wakes = Owner.HasWaiters && EpollRules.ExclusiveWakeCounts(Interest, events);
            Owner.MakeReady(this);
            return wakes;
        }

        public override void OnFileClosed() => Owner.Forget(this);
    }
}
