// The bookkeeping of a byte ring buffer (a pipe's): where the readable bytes start, how many there are, and the
// contiguous runs a reader or writer may copy in one go. The bytes themselves live wherever the owner keeps them.
namespace Kiln.Files
{
    public struct RingIndex
    {
        private readonly int _capacity;
        private int _head;
        private int _count;

        public RingIndex(int capacity)
        {
            _capacity = capacity;
            _head = 0;
            _count = 0;
        }

        public int Capacity => _capacity;

        public int Count => _count;

        public int Free => _capacity - _count;

        /// <summary>The longest run of readable bytes that is contiguous in memory; <paramref name="offset"/> is its start.</summary>
        public int ReadableRun(out int offset)
        {
            offset = _head;
            int toEnd = _capacity - _head;
            return _count < toEnd ? _count : toEnd;
        }

        /// <summary>The longest run of free bytes that is contiguous in memory; <paramref name="offset"/> is its start.</summary>
        public int WritableRun(out int offset)
        {
            int tail = _head + _count;
            if (tail >= _capacity)
            {
                tail -= _capacity;
            }

            offset = tail;
            int toEnd = _capacity - tail;
            int free = Free;
            return free < toEnd ? free : toEnd;
        }

        /// <summary>Marks <paramref name="length"/> bytes at the head as read; false (and no change) if more than are held.</summary>
        public bool Consume(int length)
        {
            if (length < 0 || length > _count)
            {
                return false;
            }

            _count -= length;
            _head += length;
            if (_head >= _capacity)
            {
                _head -= _capacity;
            }

            // An empty ring starts over at 0, so the next writer gets the longest contiguous run.
            if (_count == 0)
            {
                _head = 0;
            }

            return true;
        }

        /// <summary>Marks <paramref name="length"/> bytes after the tail as written; false (and no change) if they do not fit.</summary>
        public bool Produce(int length)
        {
            if (length < 0 || length > Free)
            {
                return false;
            }

            _count += length;
            return true;
        }
    }
}
