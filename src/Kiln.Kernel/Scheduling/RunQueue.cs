// The threads ready to run on one CPU, first in first out: round robin, each thread running for a time slice.
namespace Kiln.Kernel.Scheduling
{
    internal sealed class RunQueue
    {
        private Thread _head;
        private Thread _tail;

        public bool IsEmpty => _head == null;

        public void Enqueue(Thread thread)
        {
            thread.RunNext = null;
            if (_tail == null)
            {
                _head = thread;
            }
            else
            {
                _tail.RunNext = thread;
            }

            _tail = thread;
        }

        public Thread Dequeue()
        {
            Thread first = _head;
            if (first == null)
            {
                return null;
            }

            _head = first.RunNext;
            if (_head == null)
            {
                _tail = null;
            }

            first.RunNext = null;
            return first;
        }
    }
}
