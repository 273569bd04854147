// IPv4 out: callers build the transport payload in the transmit scratch buffer after HeaderRoom bytes, then
// SendIpv4 adds the IPv4 header (TTL 64, a fresh identification), fragments it when it is larger than the
// interface MTU (unless DF is set: TCP sets DF and sizes segments by MSS), and hands each packet to loopback (queued
// for delivery when the outermost call leaves) or to the Ethernet link (through ARP).
#nullable enable
using System;
using Kiln.Linux;

namespace Kiln.Net.Stack
{
    public sealed partial class NetStack
    {
        internal const byte DefaultTimeToLive = 64;
        private const int LoopbackQueueLimit = 4096;

        private readonly byte[] _transmit = new byte[HeaderRoom + 65536];
        private readonly byte[] _fragment = new byte[HeaderRoom + 65536];
        private ushort _nextIpIdentification;

        private PacketBuffer? _loopbackHead;
        private PacketBuffer? _loopbackTail;
        private int _loopbackCount;

        /// <summary>Packets dropped because loopback's queue was full or no buffer was free.</summary>
        public long LoopbackDrops { get; private set; }

        /// <summary>Where the transport header and payload go (room for 65,535 - 20 bytes).</summary>
        internal Span<byte> TransportScratch => new Span<byte>(_transmit, HeaderRoom, _transmit.Length - HeaderRoom);

        /// <summary>Sends the <paramref name="transportLength"/> bytes in TransportScratch as one IPv4 datagram.
        /// -EMSGSIZE when DF is set and it does not fit the MTU.</summary>
        internal long SendIpv4(in Ipv4Route route, uint destination, byte protocol, int transportLength, bool dontFragment)
        {
            int total = Ipv4Header.MinimumLength + transportLength;
            if (total > 65535)
            {
                return -Errno.EMSGSIZE;
            }

            Ipv4Header header = default;
            header.Identification = _nextIpIdentification++;
            header.TimeToLive = DefaultTimeToLive;
            header.Protocol = protocol;
            header.Source = route.Source;
            header.Destination = destination;
            header.DontFragment = dontFragment;
            int mtu = route.Interface.Mtu;
            if (total <= mtu)
            {
                header.TotalLength = (ushort)total;
                header.Write(new Span<byte>(_transmit, EthernetFrame.HeaderLength, Ipv4Header.MinimumLength));
                EmitPacket(route, _transmit, total);
                return 0;
            }

            if (dontFragment)
            {
                return -Errno.EMSGSIZE;
            }

            // RFC 791 3.2: every fragment but the last carries a multiple of 8 payload bytes.
            int chunkLimit = (mtu - Ipv4Header.MinimumLength) & ~7;
            for (int offset = 0; offset < transportLength; offset += chunkLimit)
            {
                int chunk = Math.Min(chunkLimit, transportLength - offset);
                header.FragmentOffset = (ushort)(offset / 8);
                header.MoreFragments = offset + chunk < transportLength;
                header.TotalLength = (ushort)(Ipv4Header.MinimumLength + chunk);
                header.Write(new Span<byte>(_fragment, EthernetFrame.HeaderLength, Ipv4Header.MinimumLength));
                new ReadOnlySpan<byte>(_transmit, HeaderRoom + offset, chunk).CopyTo(new Span<byte>(_fragment, HeaderRoom, chunk));
                EmitPacket(route, _fragment, Ipv4Header.MinimumLength + chunk);
            }

            return 0;
        }

        // The IPv4 packet sits in buffer at EthernetFrame.HeaderLength; the link header, if any, goes in front of it.
        private void EmitPacket(in Ipv4Route route, byte[] buffer, int ipLength)
        {
            NetInterface networkInterface = route.Interface;
            if (networkInterface.Link == null)
            {
                QueueLoopback(new ReadOnlySpan<byte>(buffer, EthernetFrame.HeaderLength, ipLength));
                return;
            }

            Span<byte> frame = new Span<byte>(buffer, 0, EthernetFrame.HeaderLength + ipLength);
            if (route.LinkBroadcast)
            {
                TransmitFrame(networkInterface, frame, EthernetFrame.BroadcastMac, EtherType.Ipv4);
                return;
            }

            if (ResolveNeighbour(networkInterface, route.NextHop, out ulong mac))
            {
                TransmitFrame(networkInterface, frame, mac, EtherType.Ipv4);
                return;
            }

            QueueForArp(networkInterface, route.NextHop, frame);
        }

        /// <summary>Fills in the Ethernet header at the start of <paramref name="frame"/> and transmits it.</summary>
        internal void TransmitFrame(NetInterface networkInterface, Span<byte> frame, ulong destinationMac, ushort etherType)
        {
            EthernetFrame ethernet = default;
            ethernet.Destination = destinationMac;
            ethernet.Source = networkInterface.MacAddress;
            ethernet.EtherType = etherType;
            ethernet.Write(frame);
            networkInterface.Link!.Transmit(frame);
        }

        private void QueueLoopback(ReadOnlySpan<byte> packet)
        {
            PacketBuffer? buffer = _loopbackCount < LoopbackQueueLimit ? _pool.Rent(packet.Length) : null;
            if (buffer == null)
            {
                LoopbackDrops++;
                return;
            }

            packet.CopyTo(new Span<byte>(buffer.Data, 0, packet.Length));
            if (_loopbackTail == null)
            {
                _loopbackHead = buffer;
            }
            else
            {
                _loopbackTail.Next = buffer;
            }

            _loopbackTail = buffer;
            _loopbackCount++;
        }
    }
}
