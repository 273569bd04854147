// What a TCP connection needs from the stack that owns it: somewhere to put outgoing segments (the stack adds the
// IPv4 and link headers and routes them), a timer, and someone to tell about changes of state. The stack
// implements it; host tests implement it to wire two connections through a simulated link.
#nullable enable
using System;

namespace Kiln.Net.Tcp
{
    public abstract class TcpConnectionOwner
    {
        /// <summary>The pool every connection of this owner queues its bytes in. The owner sets it once; a
        /// connection initialized while it is null creates a default pool here.</summary>
        public TcpChunkPool? Chunks;

        /// <summary>A buffer of at least <paramref name="maxLength"/> bytes for one TCP segment (header, options,
        /// payload), placed after the room the IPv4 and link headers need; empty when no buffer is free (the
        /// connection then treats the segment as lost and its timers retry).</summary>
        public abstract Span<byte> BeginTransmit(TcpConnection connection, int maxLength);

        /// <summary>Sends the segment of <paramref name="length"/> bytes written into the span BeginTransmit gave,
        /// checksum already filled in.</summary>
        public abstract void EndTransmit(TcpConnection connection, int length);

        /// <summary>Asks for OnTimer at <paramref name="deadlineNs"/> (NetEnvironment time); long.MaxValue cancels.
        /// A later call replaces the earlier deadline.</summary>
        public abstract void ScheduleTimer(TcpConnection connection, long deadlineNs);

        /// <summary>The connection's poll bits may have changed (data, space, FIN, error, established).</summary>
        public abstract void OnEvents(TcpConnection connection, uint pollEvents);

        /// <summary>The handshake completed (both opens); a passive connection goes to its listener's accept queue.</summary>
        public abstract void OnEstablished(TcpConnection connection);

        /// <summary>The connection entered CLOSED (once): the owner removes it from its lookup tables and timers.</summary>
        public abstract void OnClosed(TcpConnection connection);

        /// <summary>The connection is CLOSED and its user has released it (once): nothing refers to it any more and
        /// the owner returns it to its pool.</summary>
        public abstract void OnReleasable(TcpConnection connection);
    }
}
