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

        public bool IsSubscribed => Source != null;

        /// <summary>The epoll this observer is an interest entry of, or null (the nesting check walks these upwards).</summary>
        public virtual Epoll OwnerEpoll => null;

        /// <summary>
        /// The file's state changed; <paramref name="events"/> says which readiness bits may have changed (a hint: the
        /// observer polls the file for the truth). Runs in the changer's context, possibly a timer interrupt: it must
        /// not block.
        /// </summary>
        public abstract void OnReadiness(uint events);

        /// <summary>The observed file's last reference is gone: the observer must unsubscribe and forget it.</summary>
        public abstract void OnFileClosed();
    }
}
