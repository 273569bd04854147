// What the stack keeps beside each pooled TcpConnection (found through TcpConnection.OwnerData): the socket that
// owns it, or the listener whose half-open or accept queue holds it, its place in the timer heap, and pool links.
#nullable enable
using Kiln.Net.Sockets;
using Kiln.Net.Tcp;

namespace Kiln.Net.Stack
{
    internal sealed class TcpConnectionSlot
    {
        public readonly TcpConnection Connection;

        public TcpConnectionSlot(TcpConnection connection)
        {
            Connection = connection;
            connection.OwnerData = this;
        }

        /// <summary>The user's socket (connect or accept), or null.</summary>
        public TcpSocket? Socket;

        /// <summary>The listener of a passive open until accept takes it.</summary>
        public TcpSocket? Listener;

        /// <summary>Which of the listener's queues holds the slot.</summary>
        public TcpListenQueue Queue;

        /// <summary>Links in the listener's half-open or accept queue.</summary>
        public TcpConnectionSlot? QueueNext;
        public TcpConnectionSlot? QueuePrevious;

        /// <summary>Link in the stack's list of connections it must release itself, or in the free list.</summary>
        public TcpConnectionSlot? ListNext;
        public bool ReleasePending;

        /// <summary>OnReleasable came while the stack's release list or a socket still held the slot: whoever
        /// holds it returns it to the pool when it lets go.</summary>
        public bool ReleasedWhileHeld;

        /// <summary>True while the connection is in the 4-tuple hash table.</summary>
        public bool Hashed;

        /// <summary>Position in the timer heap (-1: no timer) and the deadline it is keyed by.</summary>
        public int HeapIndex = -1;
        public long Deadline = long.MaxValue;

        /// <summary>When the passive open began (the oldest half-open connection is evicted first).</summary>
        public long OpenedNs;
    }
}
