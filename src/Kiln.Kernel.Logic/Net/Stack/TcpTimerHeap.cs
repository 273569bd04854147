// The TCP timers of every connection in one binary min-heap keyed by deadline (each connection has at most one
// pending deadline, as TcpConnectionOwner.ScheduleTimer says): scheduling and cancelling are O(log n) and the
// earliest deadline, which NetStack.NextTimerDeadline reports on every network-thread loop, is O(1).
#nullable enable

namespace Kiln.Net.Stack
{
    internal sealed class TcpTimerHeap
    {
        private TcpConnectionSlot[] _heap = new TcpConnectionSlot[256];
        private int _count;

        public int Count => _count;

        public long EarliestDeadline => _count == 0 ? long.MaxValue : _heap[0].Deadline;

        /// <summary>The slot with the earliest deadline (Count must be above 0).</summary>
        public TcpConnectionSlot Earliest => _heap[0];

        /// <summary>Sets, moves or (with long.MaxValue) cancels the slot's deadline.</summary>
        public void Schedule(TcpConnectionSlot slot, long deadline)
        {
            if (deadline == long.MaxValue)
            {
                Remove(slot);
                return;
            }

            if (slot.HeapIndex < 0)
            {
                if (_count == _heap.Length)
                {
                    // The old array is not collected in the kernel; doubling keeps the total waste at one heap's size.
                    var larger = new TcpConnectionSlot[_heap.Length * 2];
                    System.Array.Copy(_heap, 0, larger, 0, _count);
                    _heap = larger;
                }

                slot.Deadline = deadline;
                slot.HeapIndex = _count;
                _heap[_count++] = slot;
                SiftUp(slot.HeapIndex);
                return;
            }

            long old = slot.Deadline;
            slot.Deadline = deadline;
            if (deadline < old)
            {
                SiftUp(slot.HeapIndex);
            }
            else
            {
                SiftDown(slot.HeapIndex);
            }
        }

        public void Remove(TcpConnectionSlot slot)
        {
            int index = slot.HeapIndex;
            if (index < 0)
            {
                return;
            }

            slot.HeapIndex = -1;
            slot.Deadline = long.MaxValue;
            _count--;
            if (index == _count)
            {
                _heap[_count] = null!;
                return;
            }

            TcpConnectionSlot last = _heap[_count];
            _heap[_count] = null!;
            _heap[index] = last;
            last.HeapIndex = index;
            SiftUp(index);
            SiftDown(last.HeapIndex);
        }

        private void SiftUp(int index)
        {
            TcpConnectionSlot slot = _heap[index];
            while (index > 0)
            {
                int parent = (index - 1) / 2;
                if (_heap[parent].Deadline <= slot.Deadline)
                {
                    break;
                }

                _heap[index] = _heap[parent];
                _heap[index].HeapIndex = index;
                index = parent;
            }

            _heap[index] = slot;
            slot.HeapIndex = index;
        }

        private void SiftDown(int index)
        {
            TcpConnectionSlot slot = _heap[index];
            while (true)
            {
                int child = index * 2 + 1;
                if (child >= _count)
                {
                    break;
                }

                if (child + 1 < _count && _heap[child + 1].Deadline < _heap[child].Deadline)
                {
                    child++;
                }

                if (slot.Deadline <= _heap[child].Deadline)
                {
                    break;
                }

                _heap[index] = _heap[child];
                _heap[index].HeapIndex = index;
                index = child;
            }

            _heap[index] = slot;
            slot.HeapIndex = index;
        }
    }
}
