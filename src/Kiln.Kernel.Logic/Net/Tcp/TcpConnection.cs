// One TCP connection (a transmission control block, RFC 9293 3.3.1). FIXME: this file is the agreed public surface
// only; the tcp helper replaces the bodies with the real state machine.
#nullable enable
using System;
using Kiln.Linux;

namespace Kiln.Net.Tcp
{
    public sealed class TcpConnection
    {
        public uint LocalAddress;
        public ushort LocalPort;
        public uint RemoteAddress;
        public ushort RemotePort;

        /// <summary>Settings from setsockopt; read on every decision, so changes apply at once.</summary>
        public TcpConnectionOptions Options = TcpConnectionOptions.Default;

        /// <summary>Fields the owner (the stack) uses for its own lists: hash chain, accept or timer queue, and
        /// whatever object it wants to find from the connection (the listener of a passive open).</summary>
        public TcpConnection? OwnerNext;
        public TcpConnection? OwnerPrevious;
        public object? OwnerData;
        public long OwnerDeadline;

        public TcpState State { get; private set; }

        /// <summary>True once the user closed the connection (Close or Abort): it will not call it again.</summary>
        public bool UserReleased { get; private set; }

        /// <summary>Resets every field for a new connection (connections are pooled) and sets its endpoints and the
        /// largest segment the route allows (interface MTU less the IPv4 and TCP headers).</summary>
        public void Initialize(
            TcpConnectionOwner owner, NetEnvironment environment, uint localAddress, ushort localPort,
            uint remoteAddress, ushort remotePort, int maximumSegmentSize)
        {
        }

        /// <summary>Active open: sends SYN and enters SYN-SENT.</summary>
        public void OpenActive()
        {
        }

        /// <summary>Passive open from a listener's SYN: sends SYN-ACK and enters SYN-RECEIVED.</summary>
        public void OpenPassive(in TcpSegment syn, in TcpOptions synOptions)
        {
        }

        /// <summary>A segment for this connection, its checksum already verified.</summary>
        public void OnSegment(in TcpSegment segment, in TcpOptions options, ReadOnlySpan<byte> payload)
        {
        }

        /// <summary>The deadline given to ScheduleTimer passed: retransmission, delayed ACK, persist, keep-alive,
        /// TIME-WAIT, FIN-WAIT-2.</summary>
        public void OnTimer()
        {
        }

        /// <summary>Queues data: bytes accepted (may be fewer than asked), -EAGAIN when the send buffer is full,
        /// -EPIPE after shutdown or FIN, -ENOTCONN before the handshake, the pending error after a reset.</summary>
        public long Send(ReadOnlySpan<byte> data) => -Errno.ENOSYS;

        /// <summary>Takes (or with <paramref name="peek"/> copies) received data: bytes, 0 at the end of the stream,
        /// -EAGAIN when none yet, the pending error after a reset.</summary>
        public long Receive(Span<byte> destination, bool peek) => -Errno.ENOSYS;

        /// <summary>shutdown(2): stop reading, writing (queues FIN), or both.</summary>
        public long Shutdown(bool read, bool write) => -Errno.ENOSYS;

        /// <summary>The user's close: FIN after queued data, or RST when received data was left unread (RFC 9293
        /// 3.10.4, as Linux does). The user never touches the connection again.</summary>
        public void Close()
        {
        }

        /// <summary>RST now and CLOSED (SO_LINGER with a zero timeout, or an error).</summary>
        public void Abort()
        {
        }

        /// <summary>Readiness as Linux poll bits: EPOLLIN (data or FIN), EPOLLOUT (connected, room to send),
        /// EPOLLRDHUP (peer's FIN), EPOLLHUP (both directions shut or reset), EPOLLERR (pending error).</summary>
        public uint PollEvents => 0;

        /// <summary>SO_ERROR: the pending error as a negative errno (ECONNREFUSED, ECONNRESET, ETIMEDOUT ...), cleared.</summary>
        public long TakeError() => 0;

        /// <summary>FIONREAD: bytes ready to read.</summary>
        public int ReadableBytes => 0;

        /// <summary>TIOCOUTQ: bytes queued and not yet acknowledged.</summary>
        public int UnacknowledgedBytes => 0;
    }
}
