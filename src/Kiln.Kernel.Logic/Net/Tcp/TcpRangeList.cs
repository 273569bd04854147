// A small sorted set of disjoint sequence-number ranges [Left, Right): the out-of-order data a receiver holds (the
// source of its SACK blocks, RFC 2018) and the SACK scoreboard of a sender (RFC 6675). Fixed capacity, no
// allocation after construction; when full, a new range that would need another entry is refused.
#nullable enable

namespace Kiln.Net.Tcp
{
    public sealed class TcpRangeList
    {
        public const int DefaultCapacity = 16;

        private readonly uint[] _left;
        private readonly uint[] _right;
        private int _count;

        public TcpRangeList(int capacity = DefaultCapacity)
        {
            _left = new uint[capacity];
            _right = new uint[capacity];
        }

        public int Count => _count;

        public uint LeftAt(int index) => _left[index];

        public uint RightAt(int index) => _right[index];

        public void Clear() => _count = 0;

        /// <summary>The end of the highest range, or <paramref name="fallback"/> when empty.</summary>
        public uint HighestRight(uint fallback) => _count == 0 ? fallback : _right[_count - 1];

        /// <summary>Adds [left, right), merging with ranges it overlaps or touches. False when the set is full and
        /// the range touches none of them (nothing changes then).</summary>
        public bool Add(uint left, uint right)
        {
            if (!TcpSequence.LessThan(left, right))
            {
                return true;
            }
            int first = 0;
            while (first < _count && TcpSequence.LessThan(_right[first], left))
            {
                first++;
            }
            int last = first;
            while (last < _count && TcpSequence.LessOrEqual(_left[last], right))
            {
                last++;
            }
            // Ranges first .. last-1 overlap or touch the new one: replace them by their union.
            if (last > first)
            {
                uint newLeft = TcpSequence.Min(left, _left[first]);
                uint newRight = TcpSequence.Max(right, _right[last - 1]);
                _left[first] = newLeft;
                _right[first] = newRight;
                int removed = last - first - 1;
                for (int i = first + 1; i + removed < _count; i++)
                {
                    _left[i] = _left[i + removed];
                    _right[i] = _right[i + removed];
                }
                _count -= removed;
                return true;
            }
            if (_count == _left.Length)
            {
                return false;
            }
            for (int i = _count; i > first; i--)
            {
                _left[i] = _left[i - 1];
                _right[i] = _right[i - 1];
            }
            _left[first] = left;
            _right[first] = right;
            _count++;
            return true;
        }

        /// <summary>Drops everything below <paramref name="sequence"/> (cumulatively acknowledged or delivered).</summary>
        public void RemoveBelow(uint sequence)
        {
            int drop = 0;
            while (drop < _count && TcpSequence.LessOrEqual(_right[drop], sequence))
            {
                drop++;
            }
            if (drop > 0)
            {
                for (int i = drop; i < _count; i++)
                {
                    _left[i - drop] = _left[i];
                    _right[i - drop] = _right[i];
                }
                _count -= drop;
            }
            if (_count > 0 && TcpSequence.LessThan(_left[0], sequence))
            {
                _left[0] = sequence;
            }
        }

        /// <summary>The index of the range holding <paramref name="sequence"/>, or -1.</summary>
        public int IndexOf(uint sequence)
        {
            for (int i = 0; i < _count; i++)
            {
                if (TcpSequence.LessOrEqual(_left[i], sequence) && TcpSequence.LessThan(sequence, _right[i]))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>The start of the first range that begins after <paramref name="sequence"/>, or
        /// <paramref name="fallback"/>.</summary>
        public uint NextLeftAfter(uint sequence, uint fallback)
        {
            for (int i = 0; i < _count; i++)
            {
                if (TcpSequence.GreaterThan(_left[i], sequence))
                {
                    return _left[i];
                }
            }
            return fallback;
        }

        /// <summary>Bytes covered by ranges within [from, to).</summary>
        public uint BytesBetween(uint from, uint to)
        {
            uint total = 0;
            for (int i = 0; i < _count; i++)
            {
                uint left = TcpSequence.Max(_left[i], from);
                uint right = TcpSequence.Min(_right[i], to);
                if (TcpSequence.LessThan(left, right))
                {
                    total += right - left;
                }
            }
            return total;
        }
    }
}
