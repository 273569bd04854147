// How a file tells the rest of the kernel that its state changed: threads blocked in its read or write wait on
// Waiters, and observers (epoll entries, poll/select calls) subscribe. A file calls Notify with the readiness bits
// that may have changed whenever data arrives or leaves, a peer closes, or an error appears. Sockets and VFS files
// use the same mechanism; several files may share one Readiness (an observer remembers which file it watches).
// Exclusive observers (epoll's EPOLLEXCLUSIVE) queue behind the others, in the order they came, and a change is
// offered to them one at a time until one takes it, as Linux's exclusive wait-queue entries are woken.
//
// The kernel is not preemptible and runs on one CPU, so a caller that checks a condition and then waits cannot miss
// a Notify in between. With SMP this wants a lock per Readiness and the check made under it.
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal sealed class Readiness
    {
        public readonly WaitQueue Waiters = new WaitQueue();

        private ReadinessObserver _first;
        private ReadinessObserver _last;

        public bool HasObservers => _first != null;

        /// <summary>The first subscribed observer; follow ReadinessObserver.NextObserver.</summary>
        public ReadinessObserver FirstObserver => _first;

        /// <summary>Subscribes an observer that hears every change; these come before the exclusive ones.</summary>
        public void Subscribe(ReadinessObserver observer)
        {
            observer.Source = this;
            observer.IsExclusive = false;
            observer.PreviousObserver = null;
            observer.NextObserver = _first;
            if (_first != null)
            {
                _first.PreviousObserver = observer;
            }
            else
            {
                _last = observer;
            }

            _first = observer;
        }

        /// <summary>
        /// Subscribes an observer that shares each change with the other exclusive ones: Notify offers it to them
        /// in subscription order and stops at the first that takes it (ReadinessObserver.OfferExclusive).
        /// </summary>
        public void SubscribeExclusive(ReadinessObserver observer)
        {
            observer.Source = this;
            observer.IsExclusive = true;
            observer.NextObserver = null;
            observer.PreviousObserver = _last;
            if (_last != null)
            {
                _last.NextObserver = observer;
            }
            else
            {
                _first = observer;
            }

            _last = observer;
        }

        public void Unsubscribe(ReadinessObserver observer)
        {
            if (observer.Source != this)
            {
                return;
            }

            if (observer.PreviousObserver == null)
            {
                _first = observer.NextObserver;
            }
            else
            {
                observer.PreviousObserver.NextObserver = observer.NextObserver;
            }

            if (observer.NextObserver == null)
            {
                _last = observer.PreviousObserver;
            }
            else
            {
                observer.NextObserver.PreviousObserver = observer.PreviousObserver;
            }

            observer.NextObserver = null;
            observer.PreviousObserver = null;
            observer.Source = null;
        }

        /// <summary>
        /// Wakes every blocked caller (each re-checks its condition), tells every ordinary observer what may have
        /// changed, and offers the change to the exclusive observers until one takes it.
        /// </summary>
        public void Notify(uint events)
        {
            if (!Waiters.IsEmpty)
            {
                Waiters.WakeAll();
            }

            ReadinessObserver observer = _first;
            while (observer != null)
            {
                ReadinessObserver next = observer.NextObserver;
                if (!observer.IsExclusive)
                {
                    observer.OnReadiness(events);
                }
                else if (observer.OfferExclusive(events))
                {
                    return;
                }

                observer = next;
            }
        }

        /// <summary>
        /// Blocks the current thread until the next Notify, or until a signal: 0, or -ERESTARTSYS for the read and
        /// write paths, which Linux restarts after a handler with SA_RESTART.
        /// </summary>
        public long WaitForChange()
        {
            return Waiters.Wait(Scheduler.Forever, interruptible: true) == WakeReason.Interrupted ? -Errno.ERESTARTSYS : 0;
        }

        /// <summary>Tells the observers of <paramref name="file"/> that it is gone (its last reference was dropped).</summary>
        public void DetachObserversOf(OpenFile file)
        {
            ReadinessObserver observer = _first;
            while (observer != null)
            {
                ReadinessObserver next = observer.NextObserver;
                if (observer.File == file)
                {
                    Unsubscribe(observer);
                    observer.OnFileClosed();
                }

                observer = next;
            }
        }
    }
}
