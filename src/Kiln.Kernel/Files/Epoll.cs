// An epoll instance (epoll(7)): an interest list keyed by (descriptor, file) and a ready list. Items join the ready
// list when their file notifies a change they are interested in, or when added or modified while ready. A wait
// takes items from the ready list, polls each file for the truth, reports what is ready, and keeps level-triggered
// items on the list (edge-triggered ones leave it; one-shot ones are disarmed). An epoll is itself pollable
// (readable while something is ready), so epolls nest; adding one that would close a loop is ELOOP. Items added
// with EPOLLEXCLUSIVE share their file's wakeups with the other exclusive epolls on it: a change wakes the first that
// has a thread waiting, not all of them (EpollItem.OfferExclusive).
using Kiln.Files;
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal sealed unsafe partial class Epoll : OpenFile
    {
        /// <summary>How deep epolls may nest (EP_MAX_NESTS), counting the outermost.</summary>
        public const int MaxNesting = 5;

        private const int InitialBuckets = 16;

        private static Epoll s_pool;

        private EpollItem[] _buckets = new EpollItem[InitialBuckets];
        private int _itemCount;
        private EpollItem _readyHead;
        private EpollItem _readyTail;
        private int _readyCount;
        private Epoll _poolNext;

        public override Epoll AsEpoll => this;

        /// <summary>A thread is blocked in epoll_wait on this instance (an exclusive wakeup counts only then).</summary>
        public bool HasWaiters => !Readiness.Waiters.IsEmpty;

        public static Epoll Create(int flags)
        {
            Epoll epoll = s_pool;
            if (epoll != null)
            {
                s_pool = epoll._poolNext;
                epoll._poolNext = null;
            }
            else
            {
                epoll = new Epoll();
            }

            epoll.Open(OpenFlags.O_RDWR | flags);
            return epoll;
        }

        /// <summary>EPOLL_CTL_ADD, _MOD or _DEL of <paramref name="file"/> as descriptor <paramref name="fd"/>: 0 or -errno.</summary>
        public long Control(int operation, int fd, OpenFile file, uint events, ulong data)
        {
            Epoll target = file.AsEpoll;
            long invalid = EpollRules.CheckRequest(operation, events, target != null);
            if (invalid != 0)
            {
                return -invalid;
            }

            EpollItem item = Find(fd, file);
            switch (operation)
            {
                case EpollRules.EPOLL_CTL_ADD:
                    if (item != null)
                    {
                        return -Errno.EEXIST;
                    }

                    if (target != null && !target.MayNestIn(this))
                    {
                        return -Errno.ELOOP;
                    }

                    item = EpollItem.Obtain(this, fd, file, EpollRules.Interest(events), data);
                    Insert(item);
                    if ((events & PollEvents.EPOLLEXCLUSIVE) != 0)
                    {
                        file.Readiness.SubscribeExclusive(item);
                    }
                    else
                    {
                        file.Readiness.Subscribe(item);
                    }

                    if (item.Reported() != 0)
                    {
                        MakeReady(item);
                    }

                    return 0;
                case EpollRules.EPOLL_CTL_MOD:
                    if (item == null)
                    {
                        return -Errno.ENOENT;
                    }

                    if ((item.Interest & PollEvents.EPOLLEXCLUSIVE) != 0)
                    {
                        return -Errno.EINVAL;
                    }

                    item.Interest = EpollRules.Interest(events);
                    item.Data = data;
                    if (item.Reported() != 0)
                    {
                        MakeReady(item);
                    }

                    return 0;
                default:
                    if (item == null)
                    {
                        return -Errno.ENOENT;
                    }

                    file.Readiness.Unsubscribe(item);
                    Forget(item);
                    return 0;
            }
        }

        /// <summary>
        /// Moves up to <paramref name="max"/> ready events to the user array at <paramref name="events"/>: how many,
        /// or -EFAULT when the first could not be written.
        /// </summary>
        public long Harvest(ulong events, int max)
        {
            int reported = 0;
            int toVisit = _readyCount;
            while (reported < max && toVisit-- > 0 && _readyHead != null)
            {
                EpollItem item = _readyHead;
                RemoveFromReady(item);
                uint ready = item.Reported();
                if (ready == 0)
                {
                    continue;
                }

                EpollEvent entry;
                entry.Events = ready;
                entry.Data = item.Data;
                if (!UserMemory.CopyToUser(events + ((ulong)reported * EpollEvent.Size), &entry, EpollEvent.Size))
                {
                    AppendToReady(item);
                    return reported > 0 ? reported : -Errno.EFAULT;
                }

                reported++;
                item.Interest = EpollRules.AfterReport(item.Interest, out bool staysReady);
                if (staysReady)
                {
                    AppendToReady(item);
                }
            }

            return reported;
        }

        // Readable while a ready item really has something to report (the list may hold stale entries).
        public override uint Poll()
        {
            for (EpollItem item = _readyHead; item != null; item = item.ReadyNext)
            {
                if (item.Reported() != 0)
                {
                    return PollEvents.Readable;
                }
            }

            return 0;
        }

        public override void Stat(LinuxStat* stat) => AnonymousInode.Stat(stat);

        /// <summary>Puts <paramref name="item"/> on the ready list (if it is not there) and wakes waiters and outer epolls.</summary>
        internal void MakeReady(EpollItem item)
        {
            if (!item.IsReady)
            {
                AppendToReady(item);
            }

            Readiness.Notify(PollEvents.Readable);
        }

        /// <summary>Removes an item whose file is gone or that EPOLL_CTL_DEL named; it is already unsubscribed or about to be.</summary>
        internal void Forget(EpollItem item)
        {
            if (item.IsReady)
            {
                RemoveFromReady(item);
            }

            Unlink(item);
            item.Recycle();
        }

        // The last descriptor of this epoll is closed: every item goes.
        protected override void Release()
        {
            for (int i = 0; i < _buckets.Length; i++)
            {
                while (_buckets[i] != null)
                {
                    EpollItem item = _buckets[i];
                    item.File.Readiness.Unsubscribe(item);
                    Forget(item);
                }
            }

            _poolNext = s_pool;
            s_pool = this;
        }

        private void AppendToReady(EpollItem item)
        {
            item.IsReady = true;
            item.ReadyNext = null;
            item.ReadyPrevious = _readyTail;
            if (_readyTail == null)
            {
                _readyHead = item;
            }
            else
            {
                _readyTail.ReadyNext = item;
            }

            _readyTail = item;
            _readyCount++;
        }

        private void RemoveFromReady(EpollItem item)
        {
            if (item.ReadyPrevious == null)
            {
                _readyHead = item.ReadyNext;
            }
            else
            {
                item.ReadyPrevious.ReadyNext = item.ReadyNext;
            }

            if (item.ReadyNext == null)
            {
                _readyTail = item.ReadyPrevious;
            }
            else
            {
                item.ReadyNext.ReadyPrevious = item.ReadyPrevious;
            }

            item.ReadyNext = null;
            item.ReadyPrevious = null;
            item.IsReady = false;
            _readyCount--;
        }
    }
}
