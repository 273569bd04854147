// ICMP (RFC 792, RFC 1122 3.2.2): answer echo requests (not broadcast ones, as Linux by default), send port
// unreachable for UDP to a closed port (token-bucket rate limited, as Linux's icmp_msgs_per_sec), and report received
// destination-unreachable errors to the connected UDP socket or the TCP connection they quote.
#nullable enable
using System;
using Kiln.Linux;
using Kiln.Net.Sockets;
using Kiln.Net.Tcp;

namespace Kiln.Net.Stack
{
    public sealed partial class NetStack
    {
        private const byte CodeNetUnreachable = 0;
        private const byte CodeHostUnreachable = 1;
        private const byte CodeProtocolUnreachable = 2;
        internal const byte CodePortUnreachable = 3;
        private const int IcmpBurst = 50;
        private const long IcmpTokenNs = 1_000_000;

        private int _icmpTokens = IcmpBurst;
        private long _icmpRefillNs;

        /// <summary>ICMP errors not sent because of the rate limit.</summary>
        public long IcmpRateLimited { get; private set; }

        private void ReceiveIcmp(NetInterface networkInterface, in Ipv4Header header, ReadOnlySpan<byte> message, bool broadcast)
        {
            if (IcmpMessage.Parse(message, out IcmpMessage icmp) != NetError.None)
            {
                return;
            }

            if (icmp.Type == IcmpMessage.TypeEchoRequest)
            {
                if (!broadcast)
                {
                    SendEchoReply(header, icmp, message.Slice(IcmpMessage.HeaderLength));
                }

                return;
            }

            if (icmp.Type == IcmpMessage.TypeDestinationUnreachable)
            {
                ReceiveUnreachable(icmp.Code, message.Slice(IcmpMessage.HeaderLength));
            }
        }

        private void SendEchoReply(in Ipv4Header request, in IcmpMessage icmp, ReadOnlySpan<byte> body)
        {
            if (FindRoute(request.Source, request.Destination, out Ipv4Route route) != 0)
            {
                return;
            }

            IcmpMessage reply = IcmpMessage.EchoReplyTo(icmp);
            int length = reply.Write(TransportScratch, body);
            if (length > 0)
            {
                SendIpv4(route, request.Source, IpProtocol.Icmp, length, false);
            }
        }

        // The body quotes the offending datagram's IPv4 header and at least 8 bytes of its payload (the ports).
        private void ReceiveUnreachable(byte code, ReadOnlySpan<byte> quoted)
        {
            if (quoted.Length < Ipv4Header.MinimumLength || (quoted[0] >> 4) != 4)
            {
                return;
            }

            int headerLength = (quoted[0] & 0xF) * 4;
            if (headerLength < Ipv4Header.MinimumLength || quoted.Length < headerLength + 8)
            {
                return;
            }

            byte protocol = quoted[9];
            uint source = BigEndian.ReadUInt32(quoted.Slice(12, 4));
            uint destination = BigEndian.ReadUInt32(quoted.Slice(16, 4));
            ushort sourcePort = BigEndian.ReadUInt16(quoted.Slice(headerLength, 2));
            ushort destinationPort = BigEndian.ReadUInt16(quoted.Slice(headerLength + 2, 2));
            long error = code == CodePortUnreachable || code == CodeProtocolUnreachable ? -Errno.ECONNREFUSED
                : code == CodeNetUnreachable ? -Errno.ENETUNREACH
                : code == IcmpMessage.CodeFragmentationNeeded ? -Errno.EMSGSIZE
                : -Errno.EHOSTUNREACH;
            if (protocol == IpProtocol.Udp)
            {
                ReportUdpError(source, sourcePort, destination, destinationPort, error);
            }
            else if (protocol == IpProtocol.Tcp)
            {
                ReportTcpError(source, sourcePort, destination, destinationPort, error);
            }
        }

        /// <summary>Destination unreachable about <paramref name="datagram"/> (as received) back to its sender,
        /// unless it was a broadcast, from no one, or the rate limit is spent.</summary>
        private void SendUnreachable(byte code, in Ipv4Header header, ReadOnlySpan<byte> datagram)
        {
            if (header.Source == 0 || IsBroadcastAddress(header.Source) || header.FragmentOffset != 0 || !TakeIcmpToken())
            {
                return;
            }

            if (FindRoute(header.Source, header.Destination, out Ipv4Route route) != 0)
            {
                return;
            }

            int length = IcmpMessage.WriteDestinationUnreachable(TransportScratch, code, 0, datagram);
            if (length > 0)
            {
                SendIpv4(route, header.Source, IpProtocol.Icmp, length, false);
            }
        }

        /// <summary>ARP gave up on <paramref name="nextHop"/>: what Linux reports as a local "host unreachable"
        /// reaches TCP connections still in SYN-SENT and connected UDP sockets whose packets went that way.</summary>
        private void ReportNeighbourUnreachable(uint nextHop)
        {
            for (int bucket = 0; bucket < ConnectionBuckets; bucket++)
            {
                TcpConnection? connection = _connections[bucket];
                while (connection != null)
                {
                    TcpConnection? next = connection.OwnerNext;
                    if (connection.State == TcpState.SynSent && NextHopOf(connection.RemoteAddress) == nextHop)
                    {
                        ReportTcpError(connection.LocalAddress, connection.LocalPort, connection.RemoteAddress, connection.RemotePort, -Errno.EHOSTUNREACH);
                    }

                    connection = next;
                }
            }

            for (int bucket = 0; bucket < PortBuckets; bucket++)
            {
                for (UdpSocket? socket = _udpBound[bucket]; socket != null; socket = socket.BindNext)
                {
                    if (socket.RemotePort != 0 && NextHopOf(socket.RemoteAddress) == nextHop)
                    {
                        socket.SetError(-Errno.EHOSTUNREACH);
                    }
                }
            }
        }

        private uint NextHopOf(uint destination) => FindRoute(destination, 0, out Ipv4Route route) == 0 ? route.NextHop : 0;

        private bool TakeIcmpToken()
        {
            long now = _environment.NowNanoseconds;
            long refill = (now - _icmpRefillNs) / IcmpTokenNs;
            if (refill > 0)
            {
                _icmpTokens = (int)Math.Min(IcmpBurst, _icmpTokens + refill);
                _icmpRefillNs = now;
            }

            if (_icmpTokens == 0)
            {
                IcmpRateLimited++;
                return false;
            }

            _icmpTokens--;
            return true;
        }
    }
}
