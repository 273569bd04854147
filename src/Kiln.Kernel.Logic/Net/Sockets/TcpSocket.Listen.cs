// The listening side of a TCP socket: listen(2) with its backlog, the half-open queue (SYN-RECEIVED connections,
// bounded, oldest evicted by the stack) and the accept queue (established connections waiting for accept(2)).
#nullable enable
using Kiln.Linux;
using Kiln.Net.Stack;

namespace Kiln.Net.Sockets
{
    public sealed partial class TcpSocket
    {
        private TcpConnectionSlot? _acceptHead;
        private TcpConnectionSlot? _acceptTail;

        /// <summary>listen(2)'s backlog, clamped to NetStack.MaximumBacklog.</summary>
        public int Backlog { get; private set; }

        public int AcceptQueueLength { get; private set; }
        public int HalfOpenLength { get; private set; }

        /// <summary>The oldest half-open connection (the queue is kept oldest first).</summary>
        internal TcpConnectionSlot? HalfOpenHead;
        private TcpConnectionSlot? _halfOpenTail;

        /// <summary>listen(2); binds an ephemeral port first if unbound.</summary>
        public long Listen(int backlog)
        {
            NetStack stack = _stack!;
            if (_slot != null)
            {
                return -Errno.EINVAL;
            }

            // Linux: a backlog above somaxconn (or negative, taken as unsigned) becomes somaxconn.
            Backlog = backlog < 0 || backlog > NetStack.MaximumBacklog ? NetStack.MaximumBacklog : backlog;
            if (_listening)
            {
                return 0;
            }

            if (!_bound)
            {
                long bound = Bind(new Ipv4Endpoint(0, 0));
                if (bound != 0)
                {
                    return bound;
                }
            }

            if (stack.ListenConflicts(this))
            {
                return -Errno.EADDRINUSE;
            }

            _listening = true;
            return 0;
        }

        /// <summary>accept(2): 0 and a new connected socket, or -EAGAIN when the queue is empty, -EINVAL if not listening.</summary>
        public long Accept(out TcpSocket? accepted)
        {
            accepted = null;
            if (!_listening)
            {
                return -Errno.EINVAL;
            }

            TcpConnectionSlot? slot = _acceptHead;
            if (slot == null)
            {
                return -Errno.EAGAIN;
            }

            RemoveFromQueue(slot);
            slot.Listener = null;
            TcpSocket socket = _stack!.RentTcpSocket();
            socket._slot = slot;
            slot.Socket = socket;
            socket.Options = Options;
            socket.ReuseAddress = ReuseAddress;
            socket.ReusePort = ReusePort;
            slot.Connection.Options = Options;
            accepted = socket;
            return 0;
        }

        internal void AddHalfOpen(TcpConnectionSlot slot)
        {
            slot.InAcceptQueue = false;
            slot.QueueNext = null;
            slot.QueuePrevious = _halfOpenTail;
            if (_halfOpenTail == null)
            {
                HalfOpenHead = slot;
            }
            else
            {
                _halfOpenTail.QueueNext = slot;
            }

            _halfOpenTail = slot;
            HalfOpenLength++;
        }

        internal void AddAccepted(TcpConnectionSlot slot)
        {
            slot.InAcceptQueue = true;
            slot.QueueNext = null;
            slot.QueuePrevious = _acceptTail;
            if (_acceptTail == null)
            {
                _acceptHead = slot;
            }
            else
            {
                _acceptTail.QueueNext = slot;
            }

            _acceptTail = slot;
            AcceptQueueLength++;
        }

        /// <summary>Takes the slot out of whichever of the two queues holds it.</summary>
        internal void RemoveFromQueue(TcpConnectionSlot slot)
        {
            if (slot.InAcceptQueue)
            {
                if (slot.QueuePrevious == null)
                {
                    _acceptHead = slot.QueueNext;
                }
                else
                {
                    slot.QueuePrevious.QueueNext = slot.QueueNext;
                }

                if (slot.QueueNext == null)
                {
                    _acceptTail = slot.QueuePrevious;
                }
                else
                {
                    slot.QueueNext.QueuePrevious = slot.QueuePrevious;
                }

                AcceptQueueLength--;
            }
            else
            {
                if (slot.QueuePrevious == null)
                {
                    HalfOpenHead = slot.QueueNext;
                }
                else
                {
                    slot.QueuePrevious.QueueNext = slot.QueueNext;
                }

                if (slot.QueueNext == null)
                {
                    _halfOpenTail = slot.QueuePrevious;
                }
                else
                {
                    slot.QueueNext.QueuePrevious = slot.QueuePrevious;
                }

                HalfOpenLength--;
            }

            slot.InAcceptQueue = false;
            slot.QueueNext = null;
            slot.QueuePrevious = null;
        }

        // A closing listener resets every connection it still holds (they were never accepted).
        private void ResetQueuedConnections()
        {
            NetStack stack = _stack!;
            while (_acceptHead != null || HalfOpenHead != null)
            {
                TcpConnectionSlot slot = _acceptHead ?? HalfOpenHead!;
                RemoveFromQueue(slot);
                slot.Listener = null;
                stack.QueueRelease(slot);
                slot.Connection.Abort();
            }

            _listening = false;
        }
    }
}
