// TCP lookup tables: established and half-open connections by 4-tuple (a hash table chained through
// TcpConnection.OwnerNext/OwnerPrevious, keyed with a random seed so remote peers cannot aim at one chain), bound and
// listening sockets by port, and a count of connections per local port. bind(2) rules follow Linux: SO_REUSEADDR
// binds beside sockets that are not listening and beside connections left in TIME-WAIT, SO_REUSEPORT beside others
// that set it too (and then several may listen, spread by flow hash).
#nullable enable
using Kiln.Linux;
using Kiln.Net.Sockets;
using Kiln.Net.Tcp;

namespace Kiln.Net.Stack
{
    public sealed partial class NetStack
    {
        private const int ConnectionBuckets = 4096;

        private readonly TcpConnection?[] _connections = new TcpConnection?[ConnectionBuckets];
        private readonly TcpSocket?[] _tcpBound = new TcpSocket?[PortBuckets];
        private readonly int[] _connectionsOnPort = new int[65536];
        private uint _hashSeed;
        private int _tcpEphemeralCursor;

        /// <summary>Connections in the 4-tuple table.</summary>
        public int TcpConnectionCount { get; private set; }

        private int ConnectionBucket(uint localAddress, ushort localPort, uint remoteAddress, ushort remotePort) =>
            (int)(FlowHash(remoteAddress, remotePort, localAddress, localPort) & (ConnectionBuckets - 1));

        internal TcpConnection? FindConnection(uint localAddress, ushort localPort, uint remoteAddress, ushort remotePort)
        {
            for (TcpConnection? connection = _connections[ConnectionBucket(localAddress, localPort, remoteAddress, remotePort)];
                connection != null; connection = connection.OwnerNext)
            {
                if (connection.LocalPort == localPort && connection.RemotePort == remotePort
                    && connection.RemoteAddress == remoteAddress && connection.LocalAddress == localAddress)
                {
                    return connection;
                }
            }

            return null;
        }

        private void HashConnection(TcpConnectionSlot slot)
        {
            TcpConnection connection = slot.Connection;
            int bucket = ConnectionBucket(connection.LocalAddress, connection.LocalPort, connection.RemoteAddress, connection.RemotePort);
            TcpConnection? head = _connections[bucket];
            connection.OwnerPrevious = null;
            connection.OwnerNext = head;
            if (head != null)
            {
                head.OwnerPrevious = connection;
            }

            _connections[bucket] = connection;
            slot.Hashed = true;
            _connectionsOnPort[connection.LocalPort]++;
            TcpConnectionCount++;
        }

        private void UnhashConnection(TcpConnectionSlot slot)
        {
            if (!slot.Hashed)
            {
                return;
            }

            TcpConnection connection = slot.Connection;
            if (connection.OwnerPrevious != null)
            {
                connection.OwnerPrevious.OwnerNext = connection.OwnerNext;
            }
            else
            {
                _connections[ConnectionBucket(connection.LocalAddress, connection.LocalPort, connection.RemoteAddress, connection.RemotePort)] = connection.OwnerNext;
            }

            if (connection.OwnerNext != null)
            {
                connection.OwnerNext.OwnerPrevious = connection.OwnerPrevious;
            }

            connection.OwnerNext = null;
            connection.OwnerPrevious = null;
            slot.Hashed = false;
            _connectionsOnPort[connection.LocalPort]--;
            TcpConnectionCount--;
        }

        /// <summary>bind(2) for TCP: port 0 picks an ephemeral port no one uses.</summary>
        internal long BindTcp(TcpSocket socket, uint address, ushort port)
        {
            if (address != 0 && !IsLocalAddress(address))
            {
                return -Errno.EADDRNOTAVAIL;
            }

            if (port == 0)
            {
                port = PickTcpEphemeralPort(0, 0, 0);
                if (port == 0)
                {
                    return -Errno.EADDRINUSE;
                }
            }
            else if (TcpPortConflicts(socket, address, port))
            {
                return -Errno.EADDRINUSE;
            }

            socket.BoundAddress = address;
            socket.BoundPort = port;
            int bucket = port & (PortBuckets - 1);
            socket.BindNext = _tcpBound[bucket];
            _tcpBound[bucket] = socket;
            return 0;
        }

        internal void UnbindTcp(TcpSocket socket)
        {
            int bucket = socket.BoundPort & (PortBuckets - 1);
            TcpSocket? previous = null;
            for (TcpSocket? candidate = _tcpBound[bucket]; candidate != null; candidate = candidate.BindNext)
            {
                if (candidate == socket)
                {
                    if (previous == null)
                    {
                        _tcpBound[bucket] = socket.BindNext;
                    }
                    else
                    {
                        previous.BindNext = socket.BindNext;
                    }

                    break;
                }

                previous = candidate;
            }

            socket.BindNext = null;
        }

        private bool TcpPortConflicts(TcpSocket socket, uint address, ushort port)
        {
            for (TcpSocket? other = _tcpBound[port & (PortBuckets - 1)]; other != null; other = other.BindNext)
            {
                if (other == socket || other.BoundPort != port || (address != 0 && other.BoundAddress != 0 && address != other.BoundAddress))
                {
                    continue;
                }

                if (socket.ReusePort && other.ReusePort)
                {
                    continue;
                }

                if (socket.ReuseAddress && other.ReuseAddress && !other.IsListening)
                {
                    continue;
                }

                return true;
            }

            // Connections still on the port (TIME-WAIT, or ones whose socket is gone) block it without SO_REUSEADDR.
            return !socket.ReuseAddress && _connectionsOnPort[port] > 0;
        }

        /// <summary>listen(2) after bind: another listener on an overlapping address refuses unless both set SO_REUSEPORT.</summary>
        internal bool ListenConflicts(TcpSocket socket)
        {
            for (TcpSocket? other = _tcpBound[socket.BoundPort & (PortBuckets - 1)]; other != null; other = other.BindNext)
            {
                if (other == socket || !other.IsListening || other.BoundPort != socket.BoundPort)
                {
                    continue;
                }

                if (socket.BoundAddress != 0 && other.BoundAddress != 0 && socket.BoundAddress != other.BoundAddress)
                {
                    continue;
                }

                if (!(socket.ReusePort && other.ReusePort))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An ephemeral port: with a remote (connect), one whose 4-tuple is free and no socket bound;
        /// without (bind to port 0), one nothing uses at all. 0 when the range is exhausted.</summary>
        internal ushort PickTcpEphemeralPort(uint localAddress, uint remoteAddress, ushort remotePort)
        {
            const int range = EphemeralLast - EphemeralFirst + 1;
            for (int i = 0; i < range; i++)
            {
                int candidate = EphemeralFirst + (_tcpEphemeralCursor + i) % range;
                ushort port = (ushort)candidate;
                if (TcpPortBound(port))
                {
                    continue;
                }

                bool free = remotePort == 0
                    ? _connectionsOnPort[port] == 0
                    : FindConnection(localAddress, port, remoteAddress, remotePort) == null;
                if (free)
                {
                    _tcpEphemeralCursor = (_tcpEphemeralCursor + i + 1) % range;
                    return port;
                }
            }

            return 0;
        }

        private bool TcpPortBound(ushort port)
        {
            for (TcpSocket? other = _tcpBound[port & (PortBuckets - 1)]; other != null; other = other.BindNext)
            {
                if (other.BoundPort == port)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The listener for a SYN to address:port: one bound to that address beats a wildcard one; among
        /// SO_REUSEPORT listeners of equal rank the flow hash picks, so a peer's retransmitted SYN finds the same one.</summary>
        private TcpSocket? FindListener(uint address, ushort port, uint remoteAddress, ushort remotePort)
        {
            TcpSocket? best = null;
            int bestRank = 0;
            int group = 0;
            for (TcpSocket? socket = _tcpBound[port & (PortBuckets - 1)]; socket != null; socket = socket.BindNext)
            {
                int rank = ListenerRank(socket, address, port);
                if (rank > bestRank)
                {
                    best = socket;
                    bestRank = rank;
                    group = 1;
                }
                else if (rank == bestRank && rank > 0)
                {
                    group++;
                }
            }

            if (best == null || group == 1)
            {
                return best;
            }

            int pick = (int)(FlowHash(remoteAddress, remotePort, address, port) % (uint)group);
            for (TcpSocket? socket = _tcpBound[port & (PortBuckets - 1)]; socket != null; socket = socket.BindNext)
            {
                if (ListenerRank(socket, address, port) == bestRank && pick-- == 0)
                {
                    return socket;
                }
            }

            return best;
        }

        private static int ListenerRank(TcpSocket socket, uint address, ushort port)
        {
            if (!socket.IsListening || socket.BoundPort != port)
            {
                return 0;
            }

            if (socket.BoundAddress == 0)
            {
                return 1;
            }

            return socket.BoundAddress == address ? 2 : 0;
        }
    }
}
