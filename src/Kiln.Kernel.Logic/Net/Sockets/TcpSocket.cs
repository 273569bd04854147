// A TCP socket as the socket system calls see it: unbound, bound, listening (with an accept queue and backlog) or
// connected (one TcpConnection). Errors are negative Linux errnos. Sockets come from the stack's pool
// (NetStack.CreateTcpSocket) and go back to it on Close. This file holds the state and the queries; the listening
// side and the stream side are in their own partial files.
#nullable enable
using System;
using Kiln.Linux;
using Kiln.Net.Stack;
using Kiln.Net.Tcp;

namespace Kiln.Net.Sockets
{
    public sealed partial class TcpSocket
    {
        /// <summary>Told whenever PollEvents may have changed; set by whoever holds the socket.</summary>
        public SocketObserver? Observer;

        /// <summary>Options for the connection (applied to it at once if connected, inherited by accepted sockets).
        /// Set them through this field; a connected socket copies them to its connection on every call.</summary>
        public TcpConnectionOptions Options = TcpConnectionOptions.Default;

        /// <summary>SO_REUSEADDR, SO_REUSEPORT.</summary>
        public bool ReuseAddress;
        public bool ReusePort;

        private NetStack? _stack;
        private TcpConnectionSlot? _slot;
        private bool _bound;
        private bool _listening;

        internal uint BoundAddress;
        internal ushort BoundPort;
        internal TcpSocket? BindNext;
        internal TcpSocket? PoolNext;

        /// <summary>An error the stack reported outside the connection (an ICMP error during connect).</summary>
        internal long PendingError;

        public bool IsListening => _listening;

        /// <summary>True once the handshake completed (until the socket is closed, even after the peer left).</summary>
        public bool IsConnected
        {
            get
            {
                TcpConnection? connection = Connection;
                return connection != null && connection.State != TcpState.SynSent && connection.State != TcpState.SynReceived
                    && connection.State != TcpState.Closed;
            }
        }

        /// <summary>Linux poll bits: a listener is readable when a connection waits in its accept queue; an
        /// unconnected socket is EPOLLOUT|EPOLLHUP, as tcp_poll reports for CLOSE.</summary>
        public uint PollEvents
        {
            get
            {
                if (_listening)
                {
                    return AcceptQueueLength > 0 ? Kiln.Linux.PollEvents.EPOLLIN | Kiln.Linux.PollEvents.EPOLLRDNORM : 0;
                }

                TcpConnection? connection = Connection;
                uint events = connection != null ? connection.PollEvents
                    : Kiln.Linux.PollEvents.EPOLLOUT | Kiln.Linux.PollEvents.EPOLLWRNORM | Kiln.Linux.PollEvents.EPOLLHUP;
                if (_slot != null && _slot.ReleasedWhileHeld)
                {
                    events |= Kiln.Linux.PollEvents.EPOLLHUP;
                }

                if (PendingError != 0)
                {
                    events |= Kiln.Linux.PollEvents.EPOLLERR;
                }

                return events;
            }
        }

        public Ipv4Endpoint LocalEndpoint
        {
            get
            {
                TcpConnection? connection = _slot?.Connection;
                return connection != null ? new Ipv4Endpoint(connection.LocalAddress, connection.LocalPort) : new Ipv4Endpoint(BoundAddress, BoundPort);
            }
        }

        public Ipv4Endpoint RemoteEndpoint
        {
            get
            {
                TcpConnection? connection = _slot?.Connection;
                return connection != null ? new Ipv4Endpoint(connection.RemoteAddress, connection.RemotePort) : default;
            }
        }

        /// <summary>The connection, while the socket may still call it (not after the stack released it).</summary>
        private TcpConnection? Connection => _slot == null || _slot.ReleasedWhileHeld ? null : _slot.Connection;

        /// <summary>SO_ERROR: the pending error (negative errno) or 0, cleared.</summary>
        public long TakeError()
        {
            if (PendingError != 0)
            {
                long error = PendingError;
                PendingError = 0;
                return error;
            }

            TcpConnection? connection = Connection;
            return connection != null ? connection.TakeError() : 0;
        }

        public int ReadableBytes => Connection?.ReadableBytes ?? 0;

        public int UnacknowledgedBytes => Connection?.UnacknowledgedBytes ?? 0;

        /// <summary>True when everything sent has been acknowledged (SO_LINGER waits for it before Close).</summary>
        public bool SendQueueEmpty => UnacknowledgedBytes == 0;

        /// <summary>bind(2): -EADDRINUSE, -EADDRNOTAVAIL (not an address of ours), -EINVAL (already bound). Port 0
        /// picks an ephemeral port.</summary>
        public long Bind(Ipv4Endpoint local)
        {
            if (_bound || _slot != null)
            {
                return -Errno.EINVAL;
            }

            long result = _stack!.BindTcp(this, local.Address, local.Port);
            _bound = result == 0;
            return result;
        }

        /// <summary>Makes a pooled socket new again.</summary>
        internal void Reset(NetStack stack)
        {
            _stack = stack;
            Observer = null;
            Options = TcpConnectionOptions.Default;
            ReuseAddress = false;
            ReusePort = false;
            _slot = null;
            _bound = false;
            _listening = false;
            BoundAddress = 0;
            BoundPort = 0;
            BindNext = null;
            PoolNext = null;
            PendingError = 0;
            Backlog = 0;
            HalfOpenHead = null;
            _halfOpenTail = null;
            _overflowHead = null;
            _overflowTail = null;
            OverflowLength = 0;
            HalfOpenLength = 0;
            _acceptHead = null;
            _acceptTail = null;
            AcceptQueueLength = 0;
        }
    }
}
