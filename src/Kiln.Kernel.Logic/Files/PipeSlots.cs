// The bookkeeping of a pipe's buffer as Linux keeps it (fs/pipe.c): 16 slots of one 4 KiB page each, used as a ring.
// A write first tops up the last slot with the part of its length that is not a whole number of pages, if that part
// fits there; everything else goes to fresh slots, a page at a time. A read takes bytes from the oldest slot and frees
// a slot only once it is empty. So capacity depends on write sizes exactly as on Linux (1000-byte writes fill 64000
// bytes, not 65536), and a write of at most PIPE_BUF bytes is never split. The bytes live where the owner keeps them:
// slot i's page is page i of the owner's 64 KiB.
namespace Kiln.Files
{
    public sealed class PipeSlots
    {
        public const int SlotCount = 16;
        public const int PageSize = 4096;
        public const int Capacity = SlotCount * PageSize;

        private readonly int[] _offset = new int[SlotCount];
        private readonly int[] _length = new int[SlotCount];
        private int _first;
        private int _used;
        private int _bytes;

        public bool IsEmpty => _used == 0;

        public bool IsFull => _used == SlotCount;

        /// <summary>Bytes held (FIONREAD).</summary>
        public int Bytes => _bytes;

        public void Clear()
        {
            _first = 0;
            _used = 0;
            _bytes = 0;
        }

        /// <summary>
        /// Where a write of <paramref name="length"/> bytes may top up the last slot: the part that is not whole pages,
        /// if it is non-zero and fits after the last slot's data. Returns that many bytes (0: no merge) and their place.
        /// </summary>
        public int MergeRoom(long length, out int slot, out int offset)
        {
            int chars = (int)(length & (PageSize - 1));
            slot = 0;
            offset = 0;
            if (chars == 0 || _used == 0)
            {
                return 0;
            }

            int last = (_first + _used - 1) % SlotCount;
            int end = _offset[last] + _length[last];
            if (end + chars > PageSize)
            {
                return 0;
            }

            slot = last;
            offset = end;
            return chars;
        }

        /// <summary>Records <paramref name="count"/> bytes written at the end of the last slot (after MergeRoom).</summary>
        public void Extend(int count)
        {
            int last = (_first + _used - 1) % SlotCount;
            _length[last] += count;
            _bytes += count;
        }

        /// <summary>The slot the next fresh page of a write goes to (its page starts empty); only when not full.</summary>
        public int NextFreeSlot => (_first + _used) % SlotCount;

        /// <summary>Claims NextFreeSlot with <paramref name="count"/> bytes (1 to PageSize) written at its start.</summary>
        public void Append(int count)
        {
            int slot = NextFreeSlot;
            _offset[slot] = 0;
            _length[slot] = count;
            _used++;
            _bytes += count;
        }

        /// <summary>The oldest slot with its data's start and length; only when not empty.</summary>
        public int Oldest(out int offset, out int length)
        {
            offset = _offset[_first];
            length = _length[_first];
            return _first;
        }

        /// <summary>Marks <paramref name="count"/> bytes of the oldest slot read; the slot is freed once empty.</summary>
        public void Consume(int count)
        {
            _offset[_first] += count;
            _length[_first] -= count;
            _bytes -= count;
            if (_length[_first] == 0)
            {
                _first = (_first + 1) % SlotCount;
                _used--;
            }
        }
    }
}
