// How a file tells the rest of the kernel that its state changed: threads blocked in its read or write wait on
// Waiters, and observers (epoll entries, poll/select calls) subscribe. A file calls Notify with the readiness bits
// that may have changed whenever data arrives or leaves, a peer closes, or an error appears. Sockets and VFS files
// use the same mechanism; several files may share one Readiness (an observer remembers which file it watches).
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

        public bool HasObservers => _first != null;

        /// <summary>The first subscribed observer; follow ReadinessObserver.NextObserver.</summary>
        public ReadinessObserver FirstObserver => _first;

        public void Subscribe(ReadinessObserver observer)
        {
            observer.Source = this;
            observer.PreviousObserver = null;
            observer.NextObserver = _first;
            if (_first != null)
            {
                _first.PreviousObserver = observer;
            }

            _first = observer;
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

            if (observer.NextObserver != null)
            {
                observer.NextObserver.PreviousObserver = observer.PreviousObserver;
            }

            observer.NextObserver = null;
            observer.PreviousObserver = null;
            observer.Source = null;
        }

        /// <summary>Wakes every blocked caller (each re-checks its condition) and tells every observer what may have changed.</summary>
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
                observer.OnReadiness(events);
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
