// Byte-range locks as fcntl (POSIX and open-file-description locks) and flock keep them: for each (file, owner), a set
// of non-overlapping read or write ranges. Setting a range replaces what the owner held there (splitting its older
// ranges) and merges with the owner's adjacent or overlapping ranges of the same kind, as Linux's posix_lock_file
// does, so F_GETLK reports the ranges Linux would. Locks of one owner never conflict with each other; a write lock
// conflicts with any other owner's lock that overlaps it. Ranges are [start, end) with end = ToEnd for "to the end
// of the file, however far it grows".
namespace Kiln.Files
{
    public sealed class RecordLockTable
    {
        /// <summary>The end of a range that covers everything from its start on (l_len = 0).</summary>
        public const long ToEnd = long.MaxValue;

        private long[] _file = new long[8];
        private long[] _owner = new long[8];
        private bool[] _write = new bool[8];
        private long[] _start = new long[8];
        private long[] _end = new long[8];
        private int _count;

        /// <summary>Ranges held, over all files and owners.</summary>
        public int Count => _count;

        public long OwnerAt(int index) => _owner[index];

        public bool IsWriteAt(int index) => _write[index];

        public long StartAt(int index) => _start[index];

        public long EndAt(int index) => _end[index];

        /// <summary>
        /// The first lock of another owner on <paramref name="file"/> that overlaps [start, end) and conflicts with a
        /// lock of the kind asked (any lock for a write; a write lock for a read): its index, or -1.
        /// </summary>
        public int FindConflict(long file, long owner, bool write, long start, long end)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_file[i] == file && _owner[i] != owner && (write || _write[i]) && _start[i] < end && start < _end[i])
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Gives the owner a lock of the kind asked over [start, end), replacing and merging what it held there.</summary>
        public void Set(long file, long owner, bool write, long start, long end)
        {
            Unlock(file, owner, start, end);
            for (int i = 0; i < _count; i++)
            {
                // Touching or overlapping ranges of the same kind become one.
                if (_file[i] == file && _owner[i] == owner && _write[i] == write && _start[i] <= end && start <= _end[i])
                {
                    start = _start[i] < start ? _start[i] : start;
                    end = _end[i] > end ? _end[i] : end;
                    RemoveAt(i);
                    i--;
                }
            }

            Add(file, owner, write, start, end);
        }

        /// <summary>Releases the owner's locks over [start, end), keeping the parts of its ranges outside it.</summary>
        public void Unlock(long file, long owner, long start, long end)
        {
            int count = _count;
            for (int i = 0; i < count; i++)
            {
                if (_file[i] != file || _owner[i] != owner || _start[i] >= end || start >= _end[i])
                {
                    continue;
                }

                bool keepsLeft = _start[i] < start;
                bool keepsRight = _end[i] > end;
                if (keepsLeft && keepsRight)
                {
                    Add(file, owner, _write[i], end, _end[i]);
                    _end[i] = start;
                }
                else if (keepsLeft)
                {
                    _end[i] = start;
                }
                else if (keepsRight)
                {
                    _start[i] = end;
                }
                else
                {
                    RemoveAt(i);
                    i--;
                    count--;
                }
            }
        }

        /// <summary>Releases every lock the owner holds on <paramref name="file"/>.</summary>
        public void RemoveOwner(long file, long owner) => Unlock(file, owner, long.MinValue, ToEnd);

        /// <summary>True when the owner holds any lock on <paramref name="file"/>.</summary>
        public bool Holds(long file, long owner)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_file[i] == file && _owner[i] == owner)
                {
                    return true;
                }
            }

            return false;
        }

        private void Add(long file, long owner, bool write, long start, long end)
        {
            if (_count == _file.Length)
            {
                // In the kernel the old arrays are not reclaimed: capacities double, so the waste stays below the use.
                int capacity = _count * 2;
                _file = Grow(_file, capacity);
                _owner = Grow(_owner, capacity);
                _start = Grow(_start, capacity);
                _end = Grow(_end, capacity);
                bool[] writes = new bool[capacity];
                for (int i = 0; i < _count; i++)
                {
                    writes[i] = _write[i];
                }

                _write = writes;
            }

            _file[_count] = file;
            _owner[_count] = owner;
            _write[_count] = write;
            _start[_count] = start;
            _end[_count] = end;
            _count++;
        }

        // Keeps the order of the others, so "the first conflicting lock" stays the oldest.
        private void RemoveAt(int index)
        {
            for (int i = index; i < _count - 1; i++)
            {
                _file[i] = _file[i + 1];
                _owner[i] = _owner[i + 1];
                _write[i] = _write[i + 1];
                _start[i] = _start[i + 1];
                _end[i] = _end[i + 1];
            }

            _count--;
        }

        private static long[] Grow(long[] array, int capacity)
        {
            long[] grown = new long[capacity];
            for (int i = 0; i < array.Length; i++)
            {
                grown[i] = array[i];
            }

            return grown;
        }
    }
}
