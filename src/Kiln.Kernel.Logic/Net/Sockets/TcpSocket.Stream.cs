// The connected side of a TCP socket: connect(2) (always asynchronous), send, receive, shutdown and close. Each
// call runs inside the stack (Enter/Leave), so segments sent on loopback are delivered before the call returns.
#nullable enable
using System;
using Kiln.Linux;
using Kiln.Net.Stack;
using Kiln.Net.Tcp;

namespace Kiln.Net.Sockets
{
    public sealed partial class TcpSocket
    {
        /// <summary>connect(2), always asynchronous: -EINPROGRESS once SYN is sent (the caller waits for EPOLLOUT or
        /// EPOLLERR, then reads TakeError), -EISCONN, -EALREADY, -ENETUNREACH.</summary>
        public long Connect(Ipv4Endpoint remote)
        {
            NetStack stack = _stack!;
            if (_listening)
            {
                return -Errno.EISCONN;
            }

            if (_slot != null)
            {
                TcpConnection? current = Connection;
                if (current != null && current.State == TcpState.SynSent)
                {
                    return -Errno.EALREADY;
                }

                if (current != null && current.State != TcpState.Closed)
                {
                    return -Errno.EISCONN;
                }

                // A connect that failed leaves the socket unconnected; Linux lets it try again.
                ReleaseConnection(false);
            }

            uint address = remote.Address == 0 ? NetStack.LoopbackAddress : remote.Address;
            if (stack.IsBroadcastAddress(address) || (address >> 28) == 0xE)
            {
                return -Errno.ENETUNREACH;
            }

            long routed = stack.FindRoute(address, BoundAddress, out Ipv4Route route);
            if (routed != 0)
            {
                return routed;
            }

            if (route.Source == 0)
            {
                return -Errno.EADDRNOTAVAIL;
            }

            ushort localPort = BoundPort;
            if (!_bound)
            {
                localPort = stack.PickTcpEphemeralPort(route.Source, address, remote.Port);
                if (localPort == 0)
                {
                    return -Errno.EADDRNOTAVAIL;
                }
            }
            else if (stack.FindConnection(route.Source, localPort, address, remote.Port) != null)
            {
                return -Errno.EADDRNOTAVAIL;
            }

            PendingError = 0;
            stack.Enter();
            long opened = stack.OpenActive(this, route.Source, localPort, address, remote.Port, out TcpConnectionSlot? slot);
            _slot = slot;
            stack.Leave();
            return opened == 0 ? -Errno.EINPROGRESS : opened;
        }

        public long Send(ReadOnlySpan<byte> data)
        {
            TcpConnection? connection = Connection;
            if (connection == null)
            {
                long error = TakeError();
                return error != 0 ? error : -Errno.EPIPE;
            }

            NetStack stack = _stack!;
            stack.Enter();
            SyncOptions(connection);
            long sent = connection.Send(data);
            stack.Leave();
            return sent;
        }

        public long Receive(Span<byte> destination, bool peek)
        {
            TcpConnection? connection = Connection;
            if (connection == null)
            {
                long error = TakeError();
                return error != 0 ? error : _slot != null ? 0 : -Errno.ENOTCONN;
            }

            NetStack stack = _stack!;
            stack.Enter();
            SyncOptions(connection);
            long received = connection.Receive(destination, peek);
            stack.Leave();
            return received;
        }

        /// <summary>shutdown(2) with SHUT_RD (0), SHUT_WR (1) or SHUT_RDWR (2).</summary>
        public long Shutdown(int how)
        {
            if (how < 0 || how > 2)
            {
                return -Errno.EINVAL;
            }

            NetStack stack = _stack!;
            if (_listening)
            {
                if (how == 1)
                {
                    return -Errno.ENOTCONN;
                }

                // Linux stops listening on SHUT_RD: queued connections are reset, the port stays bound.
                stack.Enter();
                ResetQueuedConnections();
                stack.Leave();
                return 0;
            }

            TcpConnection? connection = Connection;
            if (connection == null)
            {
                return -Errno.ENOTCONN;
            }

            stack.Enter();
            long result = connection.Shutdown(how != 1, how != 0);
            stack.Leave();
            return result;
        }

        /// <summary>Gives Options to the connection now (call it after setsockopt); Send and Receive also do it
        /// whenever the field changed.</summary>
        public void ApplyOptions()
        {
            TcpConnection? connection = Connection;
            if (connection != null)
            {
                NetStack stack = _stack!;
                stack.Enter();
                SyncOptions(connection);
                stack.Leave();
            }
        }

        private void SyncOptions(TcpConnection connection)
        {
            if (!SameOptions(connection.Options, Options))
            {
                connection.Options = Options;
                connection.OptionsChanged();
            }
        }

        private static bool SameOptions(in TcpConnectionOptions a, in TcpConnectionOptions b) =>
            a.NoDelay == b.NoDelay && a.Cork == b.Cork && a.KeepAlive == b.KeepAlive && a.KeepIdleSeconds == b.KeepIdleSeconds
            && a.KeepIntervalSeconds == b.KeepIntervalSeconds && a.KeepCount == b.KeepCount
            && a.ReceiveBufferSize == b.ReceiveBufferSize && a.SendBufferSize == b.SendBufferSize;

        /// <summary>close(2): the socket is released (a listener resets the connections still in its queue; a
        /// connection closes with FIN, or RST when <paramref name="abort"/> is set for SO_LINGER with timeout 0).
        /// The caller never touches the socket again.</summary>
        public void Close(bool abort)
        {
            NetStack stack = _stack!;
            stack.Enter();
            if (_listening)
            {
                ResetQueuedConnections();
            }

            if (_slot != null)
            {
                ReleaseConnection(abort);
            }

            if (_bound)
            {
                stack.UnbindTcp(this);
                _bound = false;
            }

            Observer = null;
            stack.Leave();
            _stack = null;
            stack.ReturnTcpSocket(this);
        }

        // Hands the connection back: the socket forgets it first, so callbacks from inside Close see no socket.
        private void ReleaseConnection(bool abort)
        {
            TcpConnectionSlot slot = _slot!;
            _slot = null;
            slot.Socket = null;
            TcpConnection connection = slot.Connection;
            if (slot.ReleasedWhileHeld)
            {
                _stack!.ReturnSlot(slot);
                return;
            }

            if (abort && !connection.UserReleased)
            {
                connection.Abort();
            }

            if (!connection.UserReleased)
            {
                connection.Close();
            }
        }
    }
}
