// The kernel side of futexes: threads waiting on a user address, hashed into buckets. There is one address space,
// so a futex is identified by its virtual address alone (private and shared futexes coincide). Each waiter carries
// the FUTEX_WAIT_BITSET mask it waits with; wakers wake only waiters whose mask meets theirs.
namespace Kiln.Kernel.Scheduling
{
    internal static class FutexTable
    {
        public const uint MatchAny = 0xFFFFFFFF;

        private const int BucketCount = 64;

        private static WaitQueue[] s_buckets;

        public static void Initialize()
        {
            s_buckets = new WaitQueue[BucketCount];
            for (int i = 0; i < BucketCount; i++)
            {
                s_buckets[i] = new WaitQueue();
            }
        }

        /// <summary>Blocks the current thread on <paramref name="address"/> (the caller checked the word's value).</summary>
        public static WakeReason Wait(ulong address, uint bitset, ulong deadline)
        {
            Thread current = Scheduler.Current;
            current.FutexAddress = address;
            current.FutexBitset = bitset;
            WakeReason reason = BucketOf(address).Wait(deadline, interruptible: true);
            current.FutexAddress = 0;
            return reason;
        }

        /// <summary>Wakes up to <paramref name="count"/> threads waiting on <paramref name="address"/> whose mask meets <paramref name="bitset"/>.</summary>
        public static int Wake(ulong address, int count, uint bitset)
        {
            WaitQueue bucket = BucketOf(address);
            int woken = 0;
            Thread waiter = bucket.First;
            while (waiter != null && woken < count)
            {
                Thread next = waiter.WaitNext;
                if (waiter.FutexAddress == address && (waiter.FutexBitset & bitset) != 0)
                {
                    Scheduler.Wake(waiter, WakeReason.Woken);
                    woken++;
                }

                waiter = next;
            }

            return woken;
        }

        /// <summary>
        /// Wakes up to <paramref name="wakeCount"/> waiters on <paramref name="from"/> and moves up to
        /// <paramref name="requeueCount"/> more to wait on <paramref name="to"/>; returns woken plus moved.
        /// </summary>
        public static int Requeue(ulong from, ulong to, int wakeCount, int requeueCount)
        {
            int woken = Wake(from, wakeCount, MatchAny);
            WaitQueue source = BucketOf(from);
            WaitQueue target = BucketOf(to);
            int moved = 0;
            Thread waiter = source.First;
            while (waiter != null && moved < requeueCount)
            {
                Thread next = waiter.WaitNext;
                if (waiter.FutexAddress == from)
                {
                    waiter.FutexAddress = to;
                    if (source != target)
                    {
                        source.Remove(waiter);
                        target.Append(waiter);
                    }

                    moved++;
                }

                waiter = next;
            }

            return woken + moved;
        }

        private static WaitQueue BucketOf(ulong address) => s_buckets[(int)((address >> 2) * 0x9E3779B97F4A7C15 >> 58)];
    }
}
