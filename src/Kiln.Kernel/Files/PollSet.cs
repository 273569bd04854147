// The files one poll/ppoll/select/pselect6 call waits on: each holds a reference for the call, and while the call
// blocks each observes its file's Readiness and signals the set. Run polls every file, and if none is ready and
// time remains, subscribes and sleeps until a signal from a file, the deadline, or a signal to the thread. Sets and
// their entries are pooled (the kernel frees no objects); one set serves one call at a time.
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal sealed class PollSet
    {
        /// <summary>A deadline meaning "do not wait": poll once and return.</summary>
        public const ulong NoWait = 0;

        private static PollSet s_pool;

        private readonly WaitQueue _waiters = new WaitQueue();
        private PollEntry[] _entries = new PollEntry[16];
        private int _count;
        private bool _signalled;
        private PollSet _poolNext;

        public int Count => _count;

        public static PollSet Obtain()
        {
            PollSet set = s_pool;
            if (set == null)
            {
                return new PollSet();
            }

            s_pool = set._poolNext;
            set._poolNext = null;
            return set;
        }

        /// <summary>The entry at <paramref name="index"/>, in the order they were added.</summary>
        public PollEntry this[int index] => _entries[index];

        /// <summary>
        /// Adds <paramref name="file"/> (whose reference the set now owns) with the events that count as ready for the
        /// caller: poll adds EPOLLERR and EPOLLHUP itself, select only what its three sets ask.
        /// </summary>
        public void Add(OpenFile file, uint interest, int key)
        {
            if (_count == _entries.Length)
            {
                // The old array is not reclaimed (no collector); arrays double, so the waste stays below the use.
                PollEntry[] grown = new PollEntry[_entries.Length * 2];
                for (int i = 0; i < _count; i++)
                {
                    grown[i] = _entries[i];
                }

                _entries = grown;
            }

            PollEntry entry = _entries[_count];
            if (entry == null)
            {
                entry = new PollEntry();
                _entries[_count] = entry;
            }

            entry.Set = this;
            entry.File = file;
            entry.Interest = interest;
            entry.Ready = 0;
            entry.Key = key;
            _count++;
        }

        /// <summary>
        /// Polls until at least one entry is ready (or <paramref name="alreadyReady"/> says the caller has one) or the
        /// monotonic <paramref name="deadline"/> passes: the number of ready entries, or -EINTR when a signal came first.
        /// </summary>
        public long Run(ulong deadline, bool alreadyReady)
        {
            int ready = PollAll();
            if (ready > 0 || alreadyReady || deadline == NoWait)
            {
                return ready;
            }

            for (int i = 0; i < _count; i++)
            {
                _entries[i].File.Readiness.Subscribe(_entries[i]);
            }

            long result;
            for (;;)
            {
                WakeReason reason = WakeReason.Woken;
                if (!_signalled)
                {
                    reason = _waiters.Wait(deadline, interruptible: true);
                }

                _signalled = false;
                ready = PollAll();
                if (ready > 0 || reason == WakeReason.TimedOut)
                {
                    result = ready;
                    break;
                }

                if (reason == WakeReason.Interrupted)
                {
                    result = -Errno.EINTR;
                    break;
                }
            }

            for (int i = 0; i < _count; i++)
            {
                _entries[i].File.Readiness.Unsubscribe(_entries[i]);
            }

            return result;
        }

        /// <summary>Drops every file reference and returns the set to the pool.</summary>
        public void Recycle()
        {
            for (int i = 0; i < _count; i++)
            {
                OpenFile file = _entries[i].File;
                _entries[i].File = null;
                file.Drop();
            }

            _count = 0;
            _signalled = false;
            _poolNext = s_pool;
            s_pool = this;
        }

        internal void Signal()
        {
            _signalled = true;
            _waiters.WakeAll();
        }

        private int PollAll()
        {
            int ready = 0;
            for (int i = 0; i < _count; i++)
            {
                PollEntry entry = _entries[i];
                entry.Ready = entry.File.Poll() & entry.Interest;
                if (entry.Ready != 0)
                {
                    ready++;
                }
            }

            return ready;
        }
    }
}
