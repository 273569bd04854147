// IPv4 headers (RFC 791) and ICMP echo and destination unreachable (RFC 792): known bytes, validation, builders.

using System;
using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net
{
    public sealed class Ipv4IcmpTests
    {
        // A UDP datagram header from 192.168.0.1 to 192.168.0.199, DF set, TTL 64, checksum b861, total length 0x73.
        private static byte[] KnownDatagram()
        {
            byte[] datagram = new byte[0x73];
            Convert.FromHexString("45000073000040004011b861c0a80001c0a800c7").CopyTo(datagram, 0);
            return datagram;
        }

        [Fact]
        public void ParsesAKnownHeader()
        {
            Assert.Equal(NetError.None, Ipv4Header.Parse(KnownDatagram(), out Ipv4Header header));
            Assert.Equal(20, header.HeaderLength);
            Assert.Equal(0x73, header.TotalLength);
            Assert.True(header.DontFragment);
            Assert.False(header.MoreFragments);
            Assert.Equal(0, header.FragmentOffset);
            Assert.Equal(64, header.TimeToLive);
            Assert.Equal(IpProtocol.Udp, header.Protocol);
            Assert.Equal(0xB861, header.Checksum);
            Assert.Equal(0xC0A80001U, header.Source);
            Assert.Equal(0xC0A800C7U, header.Destination);
            Assert.Equal(0x73 - 20, header.PayloadLength);
        }

        [Fact]
        public void WriteReproducesTheKnownHeader()
        {
            Ipv4Header.Parse(KnownDatagram(), out Ipv4Header header);
            header.Checksum = 0;
            byte[] bytes = new byte[20];
            Assert.Equal(20, header.Write(bytes));
            Assert.Equal("45000073000040004011B861C0A80001C0A800C7", Convert.ToHexString(bytes));
            Assert.Equal(0xB861, header.Checksum);
        }

        [Fact]
        public void RejectsMalformedHeaders()
        {
            byte[] datagram = KnownDatagram();
            Assert.Equal(NetError.TooShort, Ipv4Header.Parse(datagram.AsSpan(0, 19), out _));
            Assert.Equal(NetError.BadTotalLength, Ipv4Header.Parse(datagram.AsSpan(0, 0x72), out _));
            datagram[0] = 0x65;
            Assert.Equal(NetError.BadVersion, Ipv4Header.Parse(datagram, out _));
            datagram[0] = 0x44;
            Assert.Equal(NetError.BadHeaderLength, Ipv4Header.Parse(datagram, out _));
            datagram[0] = 0x4F;
            Assert.Equal(NetError.BadHeaderLength, Ipv4Header.Parse(datagram.AsSpan(0, 59), out _));
            datagram[0] = 0x45;
            datagram[8] = 63;
            Assert.Equal(NetError.BadChecksum, Ipv4Header.Parse(datagram, out _));
            datagram[8] = 64;
            datagram[6] |= 0x80;
            Assert.Equal(NetError.BadFlags, Ipv4Header.Parse(datagram, out _));
        }

        [Fact]
        public void SkipsOptionsAndReadsFragmentFields()
        {
            var header = new Ipv4Header { TotalLength = 32, Identification = 7, MoreFragments = true, FragmentOffset = 185, TimeToLive = 1, Protocol = IpProtocol.Icmp, Source = 1, Destination = 2 };
            byte[] packet = new byte[32];
            header.Write(packet);
            // Turn it into a 24-byte header with one 4-byte option (NOP NOP NOP EOL) and re-checksum by hand.
            packet[0] = 0x46;
            packet[20] = 1;
            packet[21] = 1;
            packet[22] = 1;
            packet[10] = 0;
            packet[11] = 0;
            ushort checksum = InternetChecksum.Compute(packet.AsSpan(0, 24));
            packet[10] = (byte)(checksum >> 8);
            packet[11] = (byte)checksum;
            Assert.Equal(NetError.None, Ipv4Header.Parse(packet, out Ipv4Header parsed));
            Assert.Equal(24, parsed.HeaderLength);
            Assert.Equal(8, parsed.PayloadLength);
            Assert.True(parsed.MoreFragments);
            Assert.False(parsed.DontFragment);
            Assert.Equal(185, parsed.FragmentOffset);
        }

        [Fact]
        public void DecrementingTheTtlKeepsTheChecksumValid()
        {
            byte[] datagram = KnownDatagram();
            Assert.True(Ipv4Header.DecrementTimeToLive(datagram));
            Assert.Equal(NetError.None, Ipv4Header.Parse(datagram, out Ipv4Header header));
            Assert.Equal(63, header.TimeToLive);
            datagram[8] = 1;
            Assert.False(Ipv4Header.DecrementTimeToLive(datagram));
            Assert.Equal(1, datagram[8]);
        }

        [Fact]
        public void EchoRequestChecksumIsComputedByHand()
        {
            // 0800 0000 0001 0001 6162 6364: the sum is 0xccc8, so the checksum is 0x3337.
            var request = new IcmpMessage { Type = IcmpMessage.TypeEchoRequest, Identifier = 1, Sequence = 1 };
            byte[] bytes = new byte[12];
            Assert.Equal(12, request.Write(bytes, "abcd"u8));
            Assert.Equal("080033370001000161626364", Convert.ToHexString(bytes));
            Assert.Equal(0, request.Write(new byte[11], "abcd"u8));

            Assert.Equal(NetError.None, IcmpMessage.Parse(bytes, out IcmpMessage parsed));
            Assert.Equal(0x3337, parsed.Checksum);
            IcmpMessage reply = IcmpMessage.EchoReplyTo(parsed);
            byte[] replyBytes = new byte[12];
            reply.Write(replyBytes, bytes.AsSpan(8));
            Assert.Equal("00003B370001000161626364", Convert.ToHexString(replyBytes));
        }

        [Fact]
        public void RejectsMalformedIcmp()
        {
            byte[] bytes = Convert.FromHexString("080033370001000161626364");
            Assert.Equal(NetError.TooShort, IcmpMessage.Parse(bytes.AsSpan(0, 7), out _));
            bytes[11] ^= 0x40;
            Assert.Equal(NetError.BadChecksum, IcmpMessage.Parse(bytes, out _));
            bytes[1] = 1;
            Assert.Equal(NetError.BadCode, IcmpMessage.Parse(bytes, out _));
            bytes[0] = 13;
            Assert.Equal(NetError.UnsupportedType, IcmpMessage.Parse(bytes, out _));
        }

        [Fact]
        public void DestinationUnreachableQuotesHeaderAndEightBytes()
        {
            byte[] datagram = KnownDatagram();
            byte[] message = new byte[64];
            int length = IcmpMessage.WriteDestinationUnreachable(message, IcmpMessage.CodeFragmentationNeeded, 1400, datagram);
            Assert.Equal(8 + 20 + 8, length);
            Assert.Equal(NetError.None, IcmpMessage.Parse(message.AsSpan(0, length), out IcmpMessage parsed));
            Assert.Equal(IcmpMessage.TypeDestinationUnreachable, parsed.Type);
            Assert.Equal(1400, parsed.Sequence);
            Assert.True(message.AsSpan(8, 28).SequenceEqual(datagram.AsSpan(0, 28)));
            message[1] = 16;
            Assert.Equal(NetError.BadCode, IcmpMessage.Parse(message.AsSpan(0, length), out _));
        }
    }
}
