// The interest list of an epoll: a hash table of items keyed by descriptor number (chained, doubling as it fills),
// and the nesting check for epolls inside epolls.
namespace Kiln.Kernel.Files
{
    internal sealed partial class Epoll
    {
        private EpollItem Find(int fd, OpenFile file)
        {
            for (EpollItem item = _buckets[Bucket(fd, _buckets.Length)]; item != null; item = item.BucketNext)
            {
                if (item.Fd == fd && item.File == file)
                {
                    return item;
                }
            }

            return null;
        }

        private void Insert(EpollItem item)
        {
            // The old bucket array is not reclaimed (no collector); arrays double, so what is left behind stays
            // smaller than what is in use.
            if (_itemCount >= _buckets.Length * 2)
            {
                EpollItem[] grown = new EpollItem[_buckets.Length * 2];
                for (int i = 0; i < _buckets.Length; i++)
                {
                    EpollItem next;
                    for (EpollItem moving = _buckets[i]; moving != null; moving = next)
                    {
                        next = moving.BucketNext;
                        int slot = Bucket(moving.Fd, grown.Length);
                        moving.BucketNext = grown[slot];
                        grown[slot] = moving;
                    }
                }

                _buckets = grown;
            }

            int bucket = Bucket(item.Fd, _buckets.Length);
            item.BucketNext = _buckets[bucket];
            _buckets[bucket] = item;
            _itemCount++;
        }

        private void Unlink(EpollItem item)
        {
            int bucket = Bucket(item.Fd, _buckets.Length);
            if (_buckets[bucket] == item)
            {
                _buckets[bucket] = item.BucketNext;
            }
            else
            {
                for (EpollItem previous = _buckets[bucket]; previous != null; previous = previous.BucketNext)
                {
                    if (previous.BucketNext == item)
                    {
                        previous.BucketNext = item.BucketNext;
                        break;
                    }
                }
            }

            item.BucketNext = null;
            _itemCount--;
        }

        private static int Bucket(int fd, int length) => fd & (length - 1);

        /// <summary>
        /// Whether this epoll may be added to <paramref name="outer"/>: not if <paramref name="outer"/> is reachable
        /// from here (a loop), nor if the chain would nest deeper than MaxNesting.
        /// </summary>
        internal bool MayNestIn(Epoll outer) => DepthBelow(outer, 1) >= 0 && DepthAbove(outer, 1) + DepthBelow(outer, 1) <= MaxNesting;

        // How many epoll levels this one holds, itself included; -1 if <paramref name="forbidden"/> is among them or
        // the count passes MaxNesting.
        private int DepthBelow(Epoll forbidden, int level)
        {
            if (this == forbidden || level > MaxNesting)
            {
                return -1;
            }

            int deepest = 1;
            for (int i = 0; i < _buckets.Length; i++)
            {
                for (EpollItem item = _buckets[i]; item != null; item = item.BucketNext)
                {
                    Epoll inner = item.File.AsEpoll;
                    if (inner == null)
                    {
                        continue;
                    }

                    int depth = inner.DepthBelow(forbidden, level + 1);
                    if (depth < 0)
                    {
                        return -1;
                    }

                    if (depth + 1 > deepest)
                    {
                        deepest = depth + 1;
                    }
                }
            }

            return deepest;
        }

        // How many epoll levels contain <paramref name="epoll"/>, itself included (its items' owners, upwards).
        private static int DepthAbove(Epoll epoll, int level)
        {
            if (level > MaxNesting)
            {
                return level;
            }

            int highest = 1;
            for (ReadinessObserver observer = epoll.Readiness.FirstObserver; observer != null; observer = observer.NextObserver)
            {
                Epoll owner = observer.OwnerEpoll;
                if (owner != null)
                {
                    int depth = DepthAbove(owner, level + 1) + 1;
                    if (depth > highest)
                    {
                        highest = depth;
                    }
                }
            }

            return highest;
        }
    }
}
