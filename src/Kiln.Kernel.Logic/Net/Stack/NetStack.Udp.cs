// UDP (RFC 768): the table of bound sockets by port, ephemeral ports (32768-60999 from a random start, Linux's
// ip_local_port_range), the choice of receiver (connected and address-bound sockets beat wildcard ones; SO_REUSEPORT
// groups spread by source; broadcasts reach every match), port unreachable for closed ports, sending, and the pool
// of UdpSocket objects.
#nullable enable
using System;
using Kiln.Linux;
using Kiln.Net.Sockets;

namespace Kiln.Net.Stack
{
    public sealed partial class NetStack
    {
        internal const int EphemeralFirst = 32768;
        internal const int EphemeralLast = 60999;
        private const int PortBuckets = 256;
        internal const int DhcpClientPort = 68;

        private UdpSocket?[] _udpBound = new UdpSocket?[PortBuckets];
        private UdpSocket? _freeUdpSockets;
        private int _udpEphemeralCursor;

        /// <summary>UdpSocket objects ever created (flat once the load is steady).</summary>
        public int UdpSocketsCreated { get; private set; }

        private void InitializeUdp()
        {
            _udpEphemeralCursor = (int)(_environment.NextRandom() % (EphemeralLast - EphemeralFirst + 1));
        }

        private UdpSocket RentUdpSocket()
        {
            UdpSocket? socket = _freeUdpSockets;
            if (socket != null)
            {
                _freeUdpSockets = socket.PoolNext;
            }
            else
            {
                socket = new UdpSocket();
                UdpSocketsCreated++;
            }

            socket.Reset(this);
            return socket;
        }

        internal void ReturnUdpSocket(UdpSocket socket)
        {
            socket.PoolNext = _freeUdpSockets;
            _freeUdpSockets = socket;
        }

        internal long BindUdp(UdpSocket socket, uint address, ushort port)
        {
            if (address != 0 && !IsLocalAddress(address) && !IsBroadcastAddress(address))
            {
                return -Errno.EADDRNOTAVAIL;
            }

            if (port == 0)
            {
                port = PickUdpEphemeralPort();
                if (port == 0)
                {
                    return -Errno.EADDRINUSE;
                }
            }
            else if (UdpPortConflicts(socket, address, port))
            {
                return -Errno.EADDRINUSE;
            }

            socket.BoundAddress = address;
            socket.BoundPort = port;
            int bucket = port & (PortBuckets - 1);
            socket.BindNext = _udpBound[bucket];
            _udpBound[bucket] = socket;
            return 0;
        }

        internal void UnbindUdp(UdpSocket socket)
        {
            int bucket = socket.BoundPort & (PortBuckets - 1);
            UdpSocket? previous = null;
            for (UdpSocket? candidate = _udpBound[bucket]; candidate != null; candidate = candidate.BindNext)
            {
                if (candidate == socket)
                {
                    if (previous == null)
                    {
                        _udpBound[bucket] = socket.BindNext;
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

        private bool UdpPortConflicts(UdpSocket socket, uint address, ushort port)
        {
            for (UdpSocket? other = _udpBound[port & (PortBuckets - 1)]; other != null; other = other.BindNext)
            {
                if (other == socket || other.BoundPort != port)
                {
                    continue;
                }

                if (address != 0 && other.BoundAddress != 0 && address != other.BoundAddress)
                {
                    continue;
                }

                if ((socket.ReuseAddress && other.ReuseAddress) || (socket.ReusePort && other.ReusePort))
                {
                    continue;
                }

                return true;
            }

            return false;
        }

        private ushort PickUdpEphemeralPort()
        {
            const int range = EphemeralLast - EphemeralFirst + 1;
            for (int i = 0; i < range; i++)
            {
                int port = EphemeralFirst + (_udpEphemeralCursor + i) % range;
                if (!UdpPortInUse((ushort)port))
                {
                    _udpEphemeralCursor = (_udpEphemeralCursor + i + 1) % range;
                    return (ushort)port;
                }
            }

            return 0;
        }

        private bool UdpPortInUse(ushort port)
        {
            for (UdpSocket? other = _udpBound[port & (PortBuckets - 1)]; other != null; other = other.BindNext)
            {
                if (other.BoundPort == port)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Sends one datagram from a socket already bound; the caller checked size and permissions.</summary>
        internal long SendUdp(UdpSocket socket, ReadOnlySpan<byte> data, uint destination, ushort destinationPort)
        {
            long routed = FindRoute(destination, socket.BoundAddress == LimitedBroadcast ? 0 : socket.BoundAddress, out Ipv4Route route);
            if (routed != 0)
            {
                return routed;
            }

            if (route.LinkBroadcast && !socket.Broadcast)
            {
                return -Errno.EACCES;
            }

            if (UdpDatagram.Build(TransportScratch, socket.BoundPort, destinationPort, data, route.Source, destination, out int written) != UdpError.None)
            {
                return -Errno.EMSGSIZE;
            }

            long sent = SendIpv4(route, destination, IpProtocol.Udp, written, false);
            return sent < 0 ? sent : data.Length;
        }

        private void ReceiveUdp(NetInterface networkInterface, in Ipv4Header header, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> datagram, bool broadcast)
        {
            if (UdpDatagram.Parse(payload, header.Source, header.Destination, out UdpDatagram udp) != UdpError.None)
            {
                return;
            }

            ReadOnlySpan<byte> data = payload.Slice(UdpDatagram.HeaderSize, udp.PayloadLength);
            if (udp.DestinationPort == DhcpClientPort && networkInterface.Dhcp != null)
            {
                networkInterface.Dhcp.Receive(data, _environment.NowNanoseconds);
                return;
            }

            if (networkInterface.Ipv4Address == 0 && !networkInterface.IsLoopback && !broadcast)
            {
                return;
            }

            if (broadcast)
            {
                for (UdpSocket? socket = _udpBound[udp.DestinationPort & (PortBuckets - 1)]; socket != null; socket = socket.BindNext)
                {
                    if (UdpMatchScore(socket, header.Destination, udp.DestinationPort, header.Source, udp.SourcePort, true) > 0)
                    {
                        socket.Enqueue(data, header.Source, udp.SourcePort);
                    }
                }

                return;
            }

            UdpSocket? target = FindUdpReceiver(header.Destination, udp.DestinationPort, header.Source, udp.SourcePort);
            if (target == null)
            {
                SendUnreachable(CodePortUnreachable, header, datagram);
                return;
            }

            target.Enqueue(data, header.Source, udp.SourcePort);
        }

        private UdpSocket? FindUdpReceiver(uint destination, ushort destinationPort, uint source, ushort sourcePort)
        {
            UdpSocket? best = null;
            int bestScore = 0;
            int groupSize = 0;
            for (UdpSocket? socket = _udpBound[destinationPort & (PortBuckets - 1)]; socket != null; socket = socket.BindNext)
            {
                int score = UdpMatchScore(socket, destination, destinationPort, source, sourcePort, false);
                if (score > bestScore)
                {
                    best = socket;
                    bestScore = score;
                    groupSize = 1;
                }
                else if (score == bestScore && score > 0)
                {
                    groupSize++;
                }
            }

            if (best == null || groupSize == 1 || !best.ReusePort)
            {
                return best;
            }

            // SO_REUSEPORT: the same source always lands on the same socket of the group.
            int pick = (int)(FlowHash(source, sourcePort, destination, destinationPort) % (uint)groupSize);
            for (UdpSocket? socket = _udpBound[destinationPort & (PortBuckets - 1)]; socket != null; socket = socket.BindNext)
            {
                if (UdpMatchScore(socket, destination, destinationPort, source, sourcePort, false) == bestScore && pick-- == 0)
                {
                    return socket;
                }
            }

            return best;
        }

        // 0: no match; higher is more specific (bound address +1, connected peer +2).
        private static int UdpMatchScore(UdpSocket socket, uint destination, ushort destinationPort, uint source, ushort sourcePort, bool broadcast)
        {
            if (socket.BoundPort != destinationPort)
            {
                return 0;
            }

            int score = 1;
            if (socket.BoundAddress != 0)
            {
                if (socket.BoundAddress != destination)
                {
                    return 0;
                }

                score++;
            }

            if (socket.RemotePort != 0)
            {
                if (socket.RemoteAddress != source || socket.RemotePort != sourcePort)
                {
                    return 0;
                }

                score += 2;
            }

            return score;
        }

        private void ReportUdpError(uint source, ushort sourcePort, uint destination, ushort destinationPort, long error)
        {
            for (UdpSocket? socket = _udpBound[sourcePort & (PortBuckets - 1)]; socket != null; socket = socket.BindNext)
            {
                // Only a connected socket hears about ICMP errors (udp(7): without IP_RECVERR).
                if (socket.BoundPort == sourcePort && socket.RemotePort == destinationPort && socket.RemoteAddress == destination
                    && (socket.BoundAddress == 0 || socket.BoundAddress == source))
                {
                    socket.SetError(error);
                }
            }
        }

        internal uint FlowHash(uint a, ushort aPort, uint b, ushort bPort)
        {
            uint hash = a * 0x9E37_79B1u ^ b * 0x85EB_CA77u ^ (((uint)aPort << 16) | bPort) * 0xC2B2_AE3Du ^ _hashSeed;
            hash ^= hash >> 15;
            hash *= 0x2C1B_3C6Du;
            hash ^= hash >> 12;
            return hash;
        }
    }
}
