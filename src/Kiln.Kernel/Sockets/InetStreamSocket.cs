// An AF_INET or AF_INET6 SOCK_STREAM socket over the stack's TcpSocket: connect, accept, send and receive block on
// the file's Readiness (which the stack notifies through a SocketEventRelay) within SO_SNDTIMEO/SO_RCVTIMEO, and
// user data crosses through TransferBuffers. close honours SO_LINGER: timeout 0 resets the connection, a positive
// timeout waits for the send queue to drain first.
using System;
using Kiln.Kernel.Net;
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Sockets;

namespace Kiln.Kernel.Sockets
{
    internal sealed unsafe partial class InetStreamSocket : InetSocket
    {
        private static InetStreamSocket s_pool;

        private readonly SocketEventRelay _relay;
        private TcpSocket _tcp;
        private InetStreamSocket _poolNext;
        private bool _connecting;

        private InetStreamSocket()
        {
            _relay = new SocketEventRelay(this);
        }

        public override bool IsListening => _tcp.IsListening;

        public override int ReadableBytes => _tcp.ReadableBytes;

        public override int UnsentBytes => _tcp.UnacknowledgedBytes;

        protected override bool HasLocalPort => _tcp.LocalEndpoint.Port != 0;

        /// <summary>A new socket of <paramref name="domain"/>, or null when the stack has no socket to give.</summary>
        public static InetStreamSocket Create(int domain, int statusFlags)
        {
            TcpSocket tcp = NetworkService.Stack.CreateTcpSocket();
            return tcp == null ? null : Wrap(tcp, domain, statusFlags);
        }

        private static InetStreamSocket Wrap(TcpSocket tcp, int domain, int statusFlags)
        {
            InetStreamSocket socket = s_pool;
            if (socket != null)
            {
                s_pool = socket._poolNext;
                socket._poolNext = null;
            }
            else
            {
                socket = new InetStreamSocket();
            }

            socket.OpenSocket(domain, SocketAbi.SOCK_STREAM, SocketAbi.IPPROTO_TCP, statusFlags);
            socket.ResetInet();
            socket.ResetTcpOptions();
            socket._tcp = tcp;
            socket._connecting = false;
            tcp.Observer = socket._relay;
            return socket;
        }

        public override uint Poll() => _tcp.PollEvents;

        public override long TakeError() => _tcp.TakeError();

        public override long Bind(byte* address, int length)
        {
            long error = DecodeAddress(address, length, forBind: true, out Ipv4Endpoint local);
            if (error < 0)
            {
                return error;
            }

            _tcp.ReuseAddress = ReuseAddress;
            _tcp.ReusePort = ReusePort;
            return Stacked(_tcp.Bind(local));
        }

        public override long Listen(int backlog)
        {
            _tcp.ReuseAddress = ReuseAddress;
            _tcp.ReusePort = ReusePort;
            return Stacked(_tcp.Listen(backlog));
        }

        public override long Connect(byte* address, int length)
        {
            long error = DecodeAddress(address, length, forBind: false, out Ipv4Endpoint remote);
            if (error < 0)
            {
                return error;
            }

            if (_connecting)
            {
                return ConnectAgain();
            }

            long result = Stacked(_tcp.Connect(remote));
            if (result != -Errno.EINPROGRESS)
            {
                return result;
            }

            // Until a connect call sees the outcome, the socket is "connecting" (SS_CONNECTING) for later calls.
            _connecting = true;
            if (IsNonBlocking)
            {
                return result;
            }

            return WaitForConnection();
        }

        // inet_stream_connect on a socket already connecting: EALREADY while the handshake runs (a blocking caller
        // waits for it), the handshake's error if it failed, and 0 once for a connection that completed.
        private long ConnectAgain()
        {
            uint events = _tcp.PollEvents;
            bool settled = (events & (PollEvents.EPOLLOUT | PollEvents.EPOLLERR | PollEvents.EPOLLHUP)) != 0;
            if (!settled)
            {
                return IsNonBlocking ? -Errno.EALREADY : WaitForConnection();
            }

            _connecting = false;
            long pending = _tcp.TakeError();
            if (pending < 0)
            {
                return pending;
            }

            return _tcp.IsConnected ? 0 : -Errno.ECONNREFUSED;
        }

        private long WaitForConnection()
        {
            // A blocking connect waits for the handshake: writable when established, an error when refused or timed out.
            ulong deadline = SendDeadline();
            for (;;)
            {
                uint events = _tcp.PollEvents;
                if ((events & (PollEvents.EPOLLOUT | PollEvents.EPOLLERR | PollEvents.EPOLLHUP)) != 0)
                {
                    _connecting = false;
                    long pending = _tcp.TakeError();
                    if (pending < 0)
                    {
                        return pending;
                    }

                    return _tcp.IsConnected ? 0 : -Errno.ECONNREFUSED;
                }

                long waited = WaitOn(Readiness, deadline);
                if (waited == -Errno.EAGAIN)
                {
                    // inet_stream_connect: a send timeout leaves the connection in progress.
                    return -Errno.EINPROGRESS;
                }

                if (waited < 0)
                {
                    return waited;
                }
            }
        }

        public override long Accept(int statusFlags, out SocketFile accepted)
        {
            accepted = null;
            if (!_tcp.IsListening)
            {
                return -Errno.EINVAL;
            }

            ulong deadline = ReceiveDeadline();
            for (;;)
            {
                long result = Stacked(_tcp.Accept(out TcpSocket connection));
                if (result == 0 && connection != null)
                {
                    InetStreamSocket socket = Wrap(connection, Domain, statusFlags);
                    socket.InheritOptions(this);
                    accepted = socket;
                    return 0;
                }

                if (result != -Errno.EAGAIN)
                {
                    return result;
                }

                if (IsNonBlocking)
                {
                    return -Errno.EAGAIN;
                }

                long waited = WaitOn(Readiness, deadline);
                if (waited < 0)
                {
                    return waited;
                }
            }
        }

        public override long Send(ref SocketMessage message)
        {
            if (message.Io.Remaining == 0)
            {
                return _tcp.IsConnected ? 0 : -Errno.ENOTCONN;
            }

            byte* buffer = TransferBuffers.Take();
            if (buffer == null)
            {
                return -Errno.ENOBUFS;
            }

            long result = SendThrough(ref message, buffer);
            TransferBuffers.Give(buffer);
            return result;
        }

        private long SendThrough(ref SocketMessage message, byte* buffer)
        {
            ulong deadline = SendDeadline();
            bool nonBlocking = MustNotBlock(message.Flags);
            long sent = 0;
            while (message.Io.Remaining > 0)
            {
                Files.UserIo before = message.Io;
                ulong want = message.Io.Remaining < TransferBuffers.Size ? message.Io.Remaining : TransferBuffers.Size;
                int copied = (int)message.Io.CopyIn(buffer, want);
                if (copied == 0)
                {
                    return sent > 0 ? sent : -Errno.EFAULT;
                }

                long taken = Stacked(_tcp.Send(new ReadOnlySpan<byte>(buffer, copied)));
                if (taken < copied)
                {
                    // The stack took part (or none): put the user cursor back where the taken bytes end.
                    message.Io = before;
                    if (taken > 0)
                    {
                        message.Io.CopyIn(buffer, (ulong)taken);
                    }
                }

                if (taken > 0)
                {
                    sent += taken;
                    if (taken == copied)
                    {
                        continue;
                    }
                }
                else if (taken < 0 && taken != -Errno.EAGAIN)
                {
                    return sent > 0 ? sent : taken;
                }

                if (nonBlocking)
                {
                    return sent > 0 ? sent : -Errno.EAGAIN;
                }

                long waited = WaitOn(Readiness, deadline);
                if (waited < 0)
                {
                    return sent > 0 ? sent : waited;
                }
            }

            return sent;
        }

        public override long Receive(ref SocketMessage message)
        {
            if (message.Io.Remaining == 0)
            {
                return 0;
            }

            byte* buffer = TransferBuffers.Take();
            if (buffer == null)
            {
                return -Errno.ENOBUFS;
            }

            long result = ReceiveThrough(ref message, buffer);
            TransferBuffers.Give(buffer);
            message.AddressLength = 0;
            return result;
        }

        private long ReceiveThrough(ref SocketMessage message, byte* buffer)
        {
            ulong deadline = ReceiveDeadline();
            bool nonBlocking = MustNotBlock(message.Flags);
            bool discard = (message.Flags & SocketAbi.MSG_TRUNC) != 0;
            long received = 0;
            for (;;)
            {
                ulong want = message.Io.Remaining < TransferBuffers.Size ? message.Io.Remaining : TransferBuffers.Size;
                long got = Stacked(_tcp.Receive(new Span<byte>(buffer, (int)want), message.Peek));
                if (got > 0)
                {
                    ulong copied = discard ? (ulong)got : message.Io.CopyOut(buffer, (ulong)got);
                    received += (long)copied;
                    if (message.Io.Faulted)
                    {
                        return received > 0 ? received : -Errno.EFAULT;
                    }

                    if (message.Io.Remaining == 0 || message.Peek)
                    {
                        return received;
                    }

                    // Without MSG_WAITALL a short read ends the call; a full buffer may have more behind it.
                    if (!message.WaitAll && (ulong)got < want)
                    {
                        return received;
                    }

                    continue;
                }

                if (got == 0)
                {
                    return received;
                }

                if (got != -Errno.EAGAIN)
                {
                    return received > 0 ? received : got;
                }

                if (received > 0 && !message.WaitAll)
                {
                    return received;
                }

                if (nonBlocking)
                {
                    return received > 0 ? received : -Errno.EAGAIN;
                }

                long waited = WaitOn(Readiness, deadline);
                if (waited < 0)
                {
                    return received > 0 ? received : waited;
                }
            }
        }

        public override long Shutdown(int how)
        {
            if (how < SocketAbi.SHUT_RD || how > SocketAbi.SHUT_RDWR)
            {
                return -Errno.EINVAL;
            }

            return Stacked(_tcp.Shutdown(how));
        }

        public override int LocalName(byte* buffer) => EncodeAddress(buffer, _tcp.LocalEndpoint);

        public override int PeerName(byte* buffer) =>
            _tcp.IsConnected ? EncodeAddress(buffer, _tcp.RemoteEndpoint) : (int)-Errno.ENOTCONN;

        protected override void Release()
        {
            bool abort = LingerOn && LingerSeconds == 0;
            if (LingerOn && LingerSeconds > 0)
            {
                ulong deadline = Syscalls.TimeCalls.AddSaturating(Time.Clock.MonotonicNs(), (ulong)LingerSeconds * 1_000_000_000);
                while (!_tcp.SendQueueEmpty && _tcp.IsConnected)
                {
                    if (WaitOn(Readiness, deadline) < 0)
                    {
                        break;
                    }
                }
            }

            _tcp.Observer = null;
            _tcp.Close(abort);
            NetworkService.TimersChanged();
            _tcp = null;
            _poolNext = s_pool;
            s_pool = this;
        }
    }
}
