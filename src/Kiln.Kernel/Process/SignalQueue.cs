// Signals waiting to be delivered, to one thread or to the whole process: a bit per signal and the siginfo of each.
// As on Linux a standard signal is pending at most once (sending it again while pending changes nothing), while
// real-time signals queue, one siginfo per send, up to a fixed number of extra entries (then further sends are
// dropped, as Linux drops them past RLIMIT_SIGPENDING). Every array is allocated once with the queue.
using Kiln.Linux;

namespace Kiln.Kernel.Process
{
    internal sealed class SignalQueue
    {
        private const int ExtraCapacity = 64;

        private readonly SigInfo[] _first = new SigInfo[SignalNumbers.Count + 1];
        private readonly SigInfo[] _extra = new SigInfo[ExtraCapacity];
        private int _extraCount;

        /// <summary>Bit N-1 set while signal N is pending.</summary>
        public ulong Pending { get; private set; }

        public bool Contains(int signal) => (Pending & SignalNumbers.Bit(signal)) != 0;

        /// <summary>Queues <paramref name="info"/>; false when it was merged into a pending instance or dropped.</summary>
        public bool Enqueue(in SigInfo info)
        {
            int signal = info.Signo;
            if (!Contains(signal))
            {
                _first[signal] = info;
                Pending |= SignalNumbers.Bit(signal);
                return true;
            }

            if (!SignalNumbers.IsRealTime(signal) || _extraCount == ExtraCapacity)
            {
                return false;
            }

            _extra[_extraCount++] = info;
            return true;
        }

        /// <summary>Makes <paramref name="info"/> the pending instance of its signal, replacing one already queued (a fault's details win).</summary>
        public void Replace(in SigInfo info)
        {
            _first[info.Signo] = info;
            Pending |= SignalNumbers.Bit(info.Signo);
        }

        /// <summary>Takes the oldest pending instance of <paramref name="signal"/>.</summary>
        public bool Dequeue(int signal, out SigInfo info)
        {
            info = default;
            if (!Contains(signal))
            {
                return false;
            }

            info = _first[signal];
            for (int i = 0; i < _extraCount; i++)
            {
                if (_extra[i].Signo == signal)
                {
                    _first[signal] = _extra[i];
                    for (int j = i + 1; j < _extraCount; j++)
                    {
                        _extra[j - 1] = _extra[j];
                    }

                    _extraCount--;
                    return true;
                }
            }

            Pending &= ~SignalNumbers.Bit(signal);
            return true;
        }

        /// <summary>Drops every pending instance of <paramref name="signal"/> (its action became "ignore").</summary>
        public void Discard(int signal)
        {
            while (Dequeue(signal, out _))
            {
            }
        }

        public void Clear()
        {
            Pending = 0;
            _extraCount = 0;
        }
    }
}
