// Builds and reads whole Ethernet frames for host tests that play a peer by hand (a probe station sending ARP,
// ICMP echo, UDP or TCP segments to a stack) using the stack's own header writers.
using System;
using Kiln.Net;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public static class RawFrames
    {
        public static byte[] Arp(ulong sourceMac, ulong destinationMac, in ArpPacket arp)
        {
            var frame = new byte[EthernetFrame.HeaderLength + ArpPacket.Length];
            var ethernet = new EthernetFrame { Destination = destinationMac, Source = sourceMac, EtherType = EtherType.Arp };
            ethernet.Write(frame);
            arp.Write(frame.AsSpan(EthernetFrame.HeaderLength));
            return frame;
        }

        public static byte[] Ipv4(ulong sourceMac, ulong destinationMac, uint source, uint destination, byte protocol, ReadOnlySpan<byte> payload,
            ushort identification = 1, ushort fragmentOffset = 0, bool moreFragments = false)
        {
            var frame = new byte[EthernetFrame.HeaderLength + Ipv4Header.MinimumLength + payload.Length];
            var ethernet = new EthernetFrame { Destination = destinationMac, Source = sourceMac, EtherType = EtherType.Ipv4 };
            ethernet.Write(frame);
            var header = new Ipv4Header
            {
                TotalLength = (ushort)(Ipv4Header.MinimumLength + payload.Length),
                Identification = identification,
                TimeToLive = 64,
                Protocol = protocol,
                Source = source,
                Destination = destination,
                FragmentOffset = fragmentOffset,
                MoreFragments = moreFragments,
            };
            header.Write(frame.AsSpan(EthernetFrame.HeaderLength));
            payload.CopyTo(frame.AsSpan(EthernetFrame.HeaderLength + Ipv4Header.MinimumLength));
            return frame;
        }

        public static byte[] EchoRequest(ushort identifier, ushort sequence, ReadOnlySpan<byte> body)
        {
            var message = new byte[IcmpMessage.HeaderLength + body.Length];
            var icmp = new IcmpMessage { Type = IcmpMessage.TypeEchoRequest, Identifier = identifier, Sequence = sequence };
            icmp.Write(message, body);
            return message;
        }

        public static byte[] Udp(uint source, ushort sourcePort, uint destination, ushort destinationPort, ReadOnlySpan<byte> data)
        {
            var datagram = new byte[UdpDatagram.HeaderSize + data.Length];
            UdpDatagram.Build(datagram, sourcePort, destinationPort, data, source, destination, out _);
            return datagram;
        }

        public static byte[] Tcp(uint source, ushort sourcePort, uint destination, ushort destinationPort, uint sequence, uint acknowledgment, byte flags)
        {
            var segment = new byte[TcpSegment.MinHeaderSize];
            var header = new TcpSegment
            {
                SourcePort = sourcePort,
                DestinationPort = destinationPort,
                SequenceNumber = sequence,
                AcknowledgmentNumber = acknowledgment,
                Flags = flags,
                Window = 65535,
            };
            TcpOptions none = default;
            TcpSegment.Build(segment, header, none, ReadOnlySpan<byte>.Empty, source, destination, out _);
            return segment;
        }

        /// <summary>Parses the IPv4 packet of a frame; false if it is not IPv4 or is malformed.</summary>
        public static bool ParseIpv4(byte[] frame, out Ipv4Header header, out byte[] payload)
        {
            header = default;
            payload = Array.Empty<byte>();
            if (EthernetFrame.Parse(frame, out EthernetFrame ethernet) != NetError.None || ethernet.EtherType != EtherType.Ipv4)
            {
                return false;
            }

            ReadOnlySpan<byte> packet = frame.AsSpan(EthernetFrame.HeaderLength);
            if (Ipv4Header.Parse(packet, out header) != NetError.None)
            {
                return false;
            }

            payload = packet.Slice(header.HeaderLength, header.PayloadLength).ToArray();
            return true;
        }
    }
}
