// A TCP socket as the socket system calls see it: unbound, bound, listening (with an accept queue and backlog) or
// connected (one TcpConnection). Errors are negative Linux errnos. FIXME: skeleton of the agreed surface; the
// stack helper fills it in.
#nullable enable
using System;
using Kiln.Linux;
using Kiln.Net.Tcp;

namespace Kiln.Net.Sockets
{
    public sealed class TcpSocket
    {
        /// <summary>Told whenever PollEvents may have changed; set by whoever holds the socket.</summary>
        public SocketObserver? Observer;

        /// <summary>Options for the connection (applied to it at once if connected, inherited by accepted sockets).</summary>
        public TcpConnectionOptions Options = TcpConnectionOptions.Default;

        /// <summary>SO_REUSEADDR, SO_REUSEPORT.</summary>
        public bool ReuseAddress;
        public bool ReusePort;

        public bool IsListening => false;
        public bool IsConnected => false;

        /// <summary>Linux poll bits: a listener is readable when a connection waits in its accept queue.</summary>
        public uint PollEvents => 0;

        public Ipv4Endpoint LocalEndpoint => default;
        public Ipv4Endpoint RemoteEndpoint => default;

        /// <summary>bind(2): -EADDRINUSE, -EADDRNOTAVAIL (not an address of ours), -EINVAL (already bound). Port 0
        /// picks an ephemeral port.</summary>
        public long Bind(Ipv4Endpoint local) => -Errno.ENOSYS;

        /// <summary>listen(2); binds an ephemeral port first if unbound.</summary>
        public long Listen(int backlog) => -Errno.ENOSYS;

        /// <summary>connect(2), always asynchronous: -EINPROGRESS once SYN is sent (the caller waits for EPOLLOUT or
        /// EPOLLERR, then reads TakeError), -EISCONN, -EALREADY, -ENETUNREACH.</summary>
        public long Connect(Ipv4Endpoint remote) => -Errno.ENOSYS;

        /// <summary>accept(2): 0 and a new connected socket, or -EAGAIN when the queue is empty, -EINVAL if not listening.</summary>
        public long Accept(out TcpSocket? accepted)
        {
            accepted = null;
            return -Errno.ENOSYS;
        }

        public long Send(ReadOnlySpan<byte> data) => -Errno.ENOSYS;

        public long Receive(Span<byte> destination, bool peek) => -Errno.ENOSYS;

        /// <summary>shutdown(2) with SHUT_RD (0), SHUT_WR (1) or SHUT_RDWR (2).</summary>
        public long Shutdown(int how) => -Errno.ENOSYS;

        /// <summary>SO_ERROR: the pending error (negative errno) or 0, cleared.</summary>
        public long TakeError() => 0;

        public int ReadableBytes => 0;
        public int UnacknowledgedBytes => 0;

        /// <summary>True when everything sent has been acknowledged (SO_LINGER waits for it before Close).</summary>
        public bool SendQueueEmpty => true;

        /// <summary>close(2): the socket is released (a listener resets the connections still in its queue; a
        /// connection closes with FIN, or RST when <paramref name="abort"/> is set for SO_LINGER with timeout 0).
        /// The caller never touches the socket again.</summary>
        public void Close(bool abort)
        {
        }
    }
}
