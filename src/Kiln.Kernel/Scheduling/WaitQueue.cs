// Threads waiting for one condition (a futex word, a pipe becoming readable, a child thread's exit...). A waiter
// blocks with an optional deadline and, when interruptible, a signal ends the wait too; wakers pick how many to wake.
// The list is doubly linked through the threads themselves, so a timeout or a signal removes a waiter in O(1).
namespace Kiln.Kernel.Scheduling
{
    internal sealed class WaitQueue
    {
        private Thread _head;
        private Thread _tail;

        public bool IsEmpty => _head == null;

        /// <summary>The first waiter, for callers that choose whom to wake (futex bitsets); follow Thread.WaitNext.</summary>
        public Thread First => _head;

        /// <summary>
        /// Blocks the current thread on this queue until woken, until the monotonic <paramref name="deadline"/>
        /// (Scheduler.Forever for none) or, when <paramref name="interruptible"/>, until a signal is pending for it.
        /// </summary>
        public WakeReason Wait(ulong deadline, bool interruptible)
        {
            Thread current = Scheduler.Current;
            if (interruptible && current.HasPendingSignal)
            {
                return WakeReason.Interrupted;
            }

            Append(current);
            return Scheduler.BlockCurrent(deadline, interruptible);
        }

        public int WakeAll() => Wake(int.MaxValue);

        /// <summary>Wakes up to <paramref name="count"/> waiters, oldest first; returns how many woke.</summary>
        public int Wake(int count)
        {
            int woken = 0;
            while (woken < count && _head != null)
            {
                Scheduler.Wake(_head, WakeReason.Woken);
                woken++;
            }

            return woken;
        }

        internal void Append(Thread thread)
        {
            thread.WaitingOn = this;
            thread.WaitNext = null;
            thread.WaitPrevious = _tail;
            if (_tail == null)
            {
                _head = thread;
            }
            else
            {
                _tail.WaitNext = thread;
            }

            _tail = thread;
        }

        internal void Remove(Thread thread)
        {
            if (thread.WaitPrevious == null)
            {
                _head = thread.WaitNext;
            }
            else
            {
                thread.WaitPrevious.WaitNext = thread.WaitNext;
            }

            if (thread.WaitNext == null)
            {
                _tail = thread.WaitPrevious;
            }
            else
            {
                thread.WaitNext.WaitPrevious = thread.WaitPrevious;
            }

            thread.WaitNext = null;
            thread.WaitPrevious = null;
            thread.WaitingOn = null;
        }
    }
}
