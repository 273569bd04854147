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

        /// <summary>Established connections held back while the accept queue was full.</summary>
        public int OverflowLength { get; private set; }

        private TcpConnectionSlot? _overflowHead;
        private TcpConnectionSlot? _overflowTail;

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
            if (_overflowHead != null)
            {
                TcpConnectionSlot promoted = _overflowHead;
                RemoveFromQueue(promoted);
                AddToQueue(promoted, TcpListenQueue.Accept);
            }

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

        /// <summary>Appends the slot to one of the three queues (each kept oldest first).</summary>
        internal void AddToQueue(TcpConnectionSlot slot, TcpListenQueue queue)
        {
            slot.Queue = queue;
            slot.QueueNext = null;
            ref TcpConnectionSlot? head = ref QueueHead(queue);
            ref TcpConnectionSlot? tail = ref QueueTail(queue);
            slot.QueuePrevious = tail;
            if (tail == null)
            {
                head = slot;
            }
            else
            {
                tail.QueueNext = slot;
            }

            tail = slot;
            CountOf(queue, 1);
        }

        /// <summary>Takes the slot out of whichever queue holds it.</summary>
        internal void RemoveFromQueue(TcpConnectionSlot slot)
        {
            TcpListenQueue queue = slot.Queue;
            if (queue == TcpListenQueue.None)
            {
                return;
            }

            ref TcpConnectionSlot? head = ref QueueHead(queue);
            ref TcpConnectionSlot? tail = ref QueueTail(queue);
            if (slot.QueuePrevious == null)
            {
                head = slot.QueueNext;
            }
            else
            {
                slot.QueuePrevious.QueueNext = slot.QueueNext;
            }

            if (slot.QueueNext == null)
            {
                tail = slot.QueuePrevious;
            }
            else
            {
                slot.QueueNext.QueuePrevious = slot.QueuePrevious;
            }

            CountOf(queue, -1);
            slot.Queue = TcpListenQueue.None;
            slot.QueueNext = null;
            slot.QueuePrevious = null;
        }

        private ref TcpConnectionSlot? QueueHead(TcpListenQueue queue)
        {
            if (queue == TcpListenQueue.HalfOpen)
            {
                return ref HalfOpenHead;
            }

            if (queue == TcpListenQueue.Overflow)
            {
                return ref _overflowHead;
            }

            return ref _acceptHead;
        }

        private ref TcpConnectionSlot? QueueTail(TcpListenQueue queue)
        {
            if (queue == TcpListenQueue.HalfOpen)
            {
                return ref _halfOpenTail;
            }

            if (queue == TcpListenQueue.Overflow)
            {
                return ref _overflowTail;
            }

            return ref _acceptTail;
        }

        private void CountOf(TcpListenQueue queue, int change)
        {
            if (queue == TcpListenQueue.HalfOpen)
            {
                HalfOpenLength += change;
            }
            else if (queue == TcpListenQueue.Overflow)
            {
                OverflowLength += change;
            }
            else
            {
                AcceptQueueLength += change;
            }
        }

        // A closing listener resets every connection it still holds (they were never accepted).
        private void ResetQueuedConnections()
        {
            NetStack stack = _stack!;
            while (_acceptHead != null || HalfOpenHead != null || _overflowHead != null)
            {
                TcpConnectionSlot slot = _acceptHead ?? HalfOpenHead ?? _overflowHead!;
                RemoveFromQueue(slot);
                slot.Listener = null;
                stack.QueueRelease(slot);
                slot.Connection.Abort();
            }

            _listening = false;
        }
    }
}
