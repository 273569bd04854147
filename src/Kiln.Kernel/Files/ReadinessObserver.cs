// Something that wants to hear when a file's readiness changes without blocking on it: an epoll interest entry, or
// one file of a poll/select call. Observers subscribe to a file's Readiness and are told what changed.
namespace Kiln.Kernel.Files
{
    internal abstract class ReadinessObserver
    {
        /// <summary>The file observed (an observer subscribes to one file's Readiness at a time).</summary>
        public OpenFile File;

        internal ReadinessObserver NextObserver;
        internal ReadinessObserver PreviousObserver;
        internal Readiness Source;

        /// <summary>Subscribed with Readiness.SubscribeExclusive: it shares each change with the other exclusive observers.</summary>
        internal bool IsExclusive;

        public bool IsSubscribed => Source != null;

        /// <summary>The epoll this observer is an interest entry of, or null (the nesting check walks these upwards).</summary>
        public virtual Epoll OwnerEpoll => null;

        /// <summary>
        /// The file's state changed; <paramref name="events"/> says which readiness bits may have changed (a hint: the
        /// observer polls the file for the truth). Runs in the changer's context, possibly a timer interrupt: it must
        /// not block.
        /// </summary>
        public abstract void OnReadiness(uint events);

        /// <summary>
        /// For an exclusive observer: the change is offered to it; true when it took it (it woke someone), which ends
        /// the offer, false to pass it on to the next exclusive observer. By default an observer takes every change.
        /// </summary>
        public virtual bool OfferExclusive(uint events)
        {
            OnReadiness(events);
            return true;
        }

        /// <summary>The observed file's last reference is gone: the observer must unsubscribe and forget it.</summary>
        public abstract void OnFileClosed();
    }
}
