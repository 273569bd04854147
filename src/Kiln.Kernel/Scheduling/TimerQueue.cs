// One CPU's pending timers, earliest first. The scheduler programs the local APIC for the head's deadline, so the
// CPU wakes exactly when the next timer is due and not before (no periodic tick).
namespace Kiln.Kernel.Scheduling
{
    internal sealed class TimerQueue
    {
        private Timer _head;

        public ulong EarliestDeadline => _head == null ? ulong.MaxValue : _head.Deadline;

        /// <summary>Arms (or re-arms) <paramref name="timer"/> for <paramref name="deadline"/>.</summary>
        public void Add(Timer timer, ulong deadline)
        {
            if (timer.Armed)
            {
                Cancel(timer);
            }

            timer.Deadline = deadline;
            timer.Armed = true;
            if (_head == null || deadline < _head.Deadline)
            {
                timer.Next = _head;
                _head = timer;
                return;
            }

            Timer previous = _head;
            while (previous.Next != null && previous.Next.Deadline <= deadline)
            {
                previous = previous.Next;
            }

            timer.Next = previous.Next;
            previous.Next = timer;
        }

        public void Cancel(Timer timer)
        {
            if (!timer.Armed)
            {
                return;
            }

            timer.Armed = false;
            if (_head == timer)
            {
                _head = timer.Next;
                timer.Next = null;
                return;
            }

            for (Timer previous = _head; previous != null; previous = previous.Next)
            {
                if (previous.Next == timer)
                {
                    previous.Next = timer.Next;
                    break;
                }
            }

            timer.Next = null;
        }

        /// <summary>Fires every timer due at <paramref name="now"/>, earliest first.</summary>
        public void RunExpired(ulong now)
        {
            while (_head != null && _head.Deadline <= now)
            {
                Timer due = _head;
                _head = due.Next;
                due.Next = null;
                due.Armed = false;
                due.Expire(now);
            }
        }
    }
}
