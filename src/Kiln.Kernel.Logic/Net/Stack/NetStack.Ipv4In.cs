// IPv4 in: validate the header, keep only packets for us (our addresses, 127/8 on loopback, broadcasts; before an
// interface has an address, UDP for the DHCP client), drop the rest (no forwarding), put fragments back together
// and hand the datagram to ICMP, UDP or TCP.
#nullable enable
using System;

namespace Kiln.Net.Stack
{
    public sealed partial class NetStack
    {
        private const int ReassemblyMaximumDatagrams = 64;
        private const int ReassemblyByteLimit = 4 * 1024 * 1024;

        private readonly Ipv4Reassembler _reassembler;

        /// <summary>The fragment reassembler (tests read its counters).</summary>
        public Ipv4Reassembler Reassembler => _reassembler;

        private void ReceiveIpv4(NetInterface networkInterface, ReadOnlySpan<byte> packet)
        {
            if (Ipv4Header.Parse(packet, out Ipv4Header header) != NetError.None)
            {
                return;
            }

            packet = packet.Slice(0, header.TotalLength);
            uint source = header.Source;
            if (source == LimitedBroadcast || (source >> 28) == 0xE
                || (!networkInterface.IsLoopback && ((source >> 24) == 127 || IsLocalAddress(source))))
            {
                return;
            }

            if (!AcceptsDestination(networkInterface, header, out bool broadcast))
            {
                return;
            }

            if (header.MoreFragments || header.FragmentOffset != 0)
            {
                PacketBuffer? whole = _reassembler.Add(header, packet, _environment.NowNanoseconds);
                if (whole == null)
                {
                    return;
                }

                ReadOnlySpan<byte> datagram = new ReadOnlySpan<byte>(whole.Data, 0, whole.Length);
                if (Ipv4Header.Parse(datagram, out Ipv4Header wholeHeader) == NetError.None)
                {
                    DeliverLocal(networkInterface, wholeHeader, datagram, broadcast);
                }

                _pool.Return(whole);
                return;
            }

            DeliverLocal(networkInterface, header, packet, broadcast);
        }

        private bool AcceptsDestination(NetInterface networkInterface, in Ipv4Header header, out bool broadcast)
        {
            uint destination = header.Destination;
            broadcast = false;
            if (destination == LimitedBroadcast || (networkInterface.Ipv4Address != 0 && destination == networkInterface.Ipv4Broadcast && !networkInterface.IsLoopback))
            {
                broadcast = true;
                return true;
            }

            if (networkInterface.IsLoopback)
            {
                return IsLocalAddress(destination);
            }

            if (destination != 0 && IsLocalAddress(destination) && (destination >> 24) != 127)
            {
                return true;
            }

            // A DHCP server may unicast its offer to the address it offers before we have configured it.
            return networkInterface.Ipv4Address == 0 && header.Protocol == IpProtocol.Udp;
        }

        // datagram is the whole IPv4 datagram (header included), for ICMP errors that quote it.
        private void DeliverLocal(NetInterface networkInterface, in Ipv4Header header, ReadOnlySpan<byte> datagram, bool broadcast)
        {
            ReadOnlySpan<byte> payload = datagram.Slice(header.HeaderLength, header.PayloadLength);
            switch (header.Protocol)
            {
                case IpProtocol.Icmp:
                    ReceiveIcmp(networkInterface, header, payload, broadcast);
                    break;
                case IpProtocol.Udp:
                    ReceiveUdp(networkInterface, header, payload, datagram, broadcast);
                    break;
                case IpProtocol.Tcp:
                    if (!broadcast)
                    {
                        ReceiveTcp(networkInterface, header, payload);
                    }

                    break;
            }
        }
    }
}
