// The life of a TCP connection in the stack: pooled slots (a TcpConnection and its bookkeeping, created once and
// reused, so memory stays flat across any number of connections), the callbacks of TcpConnectionOwner, the timer
// heap, and the connections the stack itself must release (ones that closed or were reset while a listener still
// held them), released when the outermost call leaves rather than inside the connection's own callback.
#nullable enable
using Kiln.Linux;
using Kiln.Net.Sockets;
using Kiln.Net.Tcp;

namespace Kiln.Net.Stack
{
    public sealed partial class NetStack
    {
        // 64 MiB of TCP queues across every connection: a bound, not a reservation (chunks are made as needed).
        private const int TcpChunkLimit = 32768;

        private StackTcpOwner _tcpOwner = null!;
        private readonly TcpTimerHeap _tcpTimers = new TcpTimerHeap();
        private TcpConnectionSlot? _freeSlots;
        private TcpConnectionSlot? _releaseHead;
        private TcpSocket? _freeTcpSockets;

        /// <summary>TcpConnection objects ever created (flat once the load is steady).</summary>
        public int TcpConnectionsCreated { get; private set; }

        /// <summary>Connections handed out and not yet back in the pool.</summary>
        public int TcpConnectionsInUse { get; private set; }

        /// <summary>TcpSocket objects ever created (flat once the load is steady).</summary>
        public int TcpSocketsCreated { get; private set; }

        /// <summary>The chunks every TCP connection queues its bytes in (tests read its counters).</summary>
        public TcpChunkPool TcpChunks => _tcpOwner.Chunks!;

        /// <summary>Connections with a pending timer.</summary>
        public int TcpTimersPending => _tcpTimers.Count;

        private void InitializeTcp()
        {
            _tcpOwner = new StackTcpOwner(this);
            _tcpOwner.Chunks = new TcpChunkPool(TcpChunkPool.DefaultChunkSize, TcpChunkLimit);
            _hashSeed = (uint)_environment.NextRandom();
            _tcpEphemeralCursor = (int)(_environment.NextRandom() % (EphemeralLast - EphemeralFirst + 1));
        }

        private TcpConnectionSlot? RentSlot()
        {
            if (TcpConnectionsInUse >= MaximumConnections)
            {
                return null;
            }

            TcpConnectionSlot? slot = _freeSlots;
            if (slot != null)
            {
                _freeSlots = slot.ListNext;
            }
            else
            {
                slot = new TcpConnectionSlot(new TcpConnection());
                TcpConnectionsCreated++;
            }

            slot.ListNext = null;
            slot.Socket = null;
            slot.Listener = null;
            slot.Queue = TcpListenQueue.None;
            slot.QueueNext = null;
            slot.QueuePrevious = null;
            slot.ReleasePending = false;
            slot.ReleasedWhileHeld = false;
            slot.Hashed = false;
            slot.HeapIndex = -1;
            slot.Deadline = long.MaxValue;
            TcpConnectionsInUse++;
            return slot;
        }

        internal TcpSocket RentTcpSocket()
        {
            TcpSocket? socket = _freeTcpSockets;
            if (socket != null)
            {
                _freeTcpSockets = socket.PoolNext;
            }
            else
            {
                socket = new TcpSocket();
                TcpSocketsCreated++;
            }

            socket.Reset(this);
            return socket;
        }

        internal void ReturnTcpSocket(TcpSocket socket)
        {
            socket.PoolNext = _freeTcpSockets;
            _freeTcpSockets = socket;
        }

        internal void ScheduleTcpTimer(TcpConnectionSlot slot, long deadline) => _tcpTimers.Schedule(slot, deadline);

        private void RunTcpTimers(long now)
        {
            // Bounded so a connection that keeps asking for a deadline in the past cannot spin the loop forever.
            int budget = _tcpTimers.Count * 2 + 16;
            while (budget-- > 0 && _tcpTimers.Count > 0 && _tcpTimers.EarliestDeadline <= now)
            {
                TcpConnectionSlot slot = _tcpTimers.Earliest;
                _tcpTimers.Remove(slot);
                slot.Connection.OwnerDeadline = long.MaxValue;
                slot.Connection.OnTimer();
            }
        }

        internal void OnTcpEvents(TcpConnectionSlot slot, uint pollEvents)
        {
            TcpSocket? socket = slot.Socket;
            if (socket != null && socket.Observer != null)
            {
                socket.Observer.OnSocketEvents(socket.PollEvents);
            }
        }

        internal void OnTcpEstablished(TcpConnectionSlot slot)
        {
            TcpSocket? listener = slot.Listener;
            if (listener != null && slot.Queue == TcpListenQueue.HalfOpen)
            {
                listener.RemoveFromQueue(slot);
                if (listener.AcceptQueueLength > listener.Backlog)
                {
                    listener.AddToQueue(slot, TcpListenQueue.Overflow);
                    return;
                }

                listener.AddToQueue(slot, TcpListenQueue.Accept);
                if (listener.Observer != null)
                {
                    listener.Observer.OnSocketEvents(listener.PollEvents);
                }

                return;
            }

            OnTcpEvents(slot, slot.Connection.PollEvents);
        }

        internal void OnTcpClosed(TcpConnectionSlot slot)
        {
            UnhashConnection(slot);
            _tcpTimers.Remove(slot);
            TcpSocket? listener = slot.Listener;
            if (listener != null)
            {
                // Reset or timed out before accept took it: the stack is its user and releases it.
                listener.RemoveFromQueue(slot);
                slot.Listener = null;
                QueueRelease(slot);
                return;
            }

            OnTcpEvents(slot, slot.Connection.PollEvents);
        }

        internal void OnTcpReleasable(TcpConnectionSlot slot)
        {
            UnhashConnection(slot);
            _tcpTimers.Remove(slot);
            if (slot.ReleasePending || slot.Socket != null)
            {
                // Still on the release list or in a socket (an Abort the stack made for an ICMP error): the holder
                // returns the slot when it lets go.
                slot.ReleasedWhileHeld = true;
                return;
            }

            ReturnSlot(slot);
        }

        internal void ReturnSlot(TcpConnectionSlot slot)
        {
            slot.Socket = null;
            slot.Listener = null;
            slot.ListNext = _freeSlots;
            _freeSlots = slot;
            TcpConnectionsInUse--;
        }

        /// <summary>The stack releases this connection (Close) when the outermost call leaves.</summary>
        internal void QueueRelease(TcpConnectionSlot slot)
        {
            if (slot.ReleasePending)
            {
                return;
            }

            slot.ReleasePending = true;
            slot.ListNext = _releaseHead;
            _releaseHead = slot;
        }

        // False when there was nothing to release.
        private bool ReleaseDeferredConnections()
        {
            if (_releaseHead == null)
            {
                return false;
            }

            TcpConnectionSlot? slot = _releaseHead;
            _releaseHead = null;
            while (slot != null)
            {
                TcpConnectionSlot? next = slot.ListNext;
                slot.ListNext = null;
                TcpConnection connection = slot.Connection;
                if (!connection.UserReleased)
                {
                    // OnReleasable may come from inside Close; ReleasePending keeps the slot ours until it returns.
                    connection.Close();
                }

                slot.ReleasePending = false;
                if (slot.ReleasedWhileHeld)
                {
                    ReturnSlot(slot);
                }

                slot = next;
            }

            return true;
        }
    }
}
