// UDP parse and build (RFC 768): lengths, the optional checksum, and the zero-checksum rule.
using System;
using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net
{
    public sealed class UdpDatagramTests
    {
        [Fact]
        public void BuildProducesTheKnownDatagram()
        {
            byte[] buffer = new byte[64];
            Assert.Equal(UdpError.None, UdpDatagram.Build(buffer, 1234, 53, "hello"u8, KnownPackets.Udp1, KnownPackets.Udp2, out int written));
            byte[] expected = KnownPackets.UdpHello();
            expected[6] = 0x35;
            expected[7] = 0xA7;
            Assert.Equal(expected, buffer.AsSpan(0, written).ToArray());
        }

        [Fact]
        public void ParseReadsFieldsAndVerifiesTheChecksum()
        {
            byte[] datagram = KnownPackets.UdpHello();
            datagram[6] = 0x35;
            datagram[7] = 0xA7;
            Assert.Equal(UdpError.None, UdpDatagram.Parse(datagram, KnownPackets.Udp1, KnownPackets.Udp2, out UdpDatagram udp));
            Assert.Equal(1234, udp.SourcePort);
            Assert.Equal(53, udp.DestinationPort);
            Assert.Equal(13, udp.Length);
            Assert.Equal(5, udp.PayloadLength);
            Assert.Equal(UdpError.BadChecksum, UdpDatagram.Parse(datagram, KnownPackets.Udp1, KnownPackets.Udp1, out _));
            datagram[9] ^= 1;
            Assert.Equal(UdpError.BadChecksum, UdpDatagram.Parse(datagram, KnownPackets.Udp1, KnownPackets.Udp2, out _));
        }

        [Fact]
        public void AZeroChecksumMeansNoneWasSent()
        {
            byte[] datagram = KnownPackets.UdpHello();
            Assert.Equal(UdpError.None, UdpDatagram.Parse(datagram, 1, 2, out UdpDatagram udp));
            Assert.Equal(0, udp.Checksum);
        }

        [Fact]
        public void AComputedZeroChecksumIsSentAsAllOnes()
        {
            // Choose the payload word so the sum of everything else is cancelled: the checksum must come out 0.
            byte[] buffer = new byte[16];
            Assert.Equal(UdpError.None, UdpDatagram.Build(buffer, 1, 2, new byte[] { 0, 0 }, 0, 0, out _));
            ushort plain = (ushort)((buffer[6] << 8) | buffer[7]);
            byte[] payload = { (byte)(plain >> 8), (byte)plain };
            Assert.Equal(UdpError.None, UdpDatagram.Build(buffer, 1, 2, payload, 0, 0, out int written));
            Assert.Equal(0xFF, buffer[6]);
            Assert.Equal(0xFF, buffer[7]);
            Assert.Equal(UdpError.None, UdpDatagram.Parse(buffer.AsSpan(0, written), 0, 0, out _));
        }

        [Fact]
        public void LengthFieldIsChecked()
        {
            Assert.Equal(UdpError.TooShort, UdpDatagram.Parse(new byte[7], 0, 0, out _));
            byte[] datagram = KnownPackets.UdpHello();
            datagram[5] = 7;
            Assert.Equal(UdpError.BadLength, UdpDatagram.Parse(datagram, 0, 0, out _));
            datagram[5] = 14;
            Assert.Equal(UdpError.BadLength, UdpDatagram.Parse(datagram, 0, 0, out _));
        }

        [Fact]
        public void TrailingPaddingPastTheLengthFieldIsIgnored()
        {
            byte[] buffer = new byte[32];
            Assert.Equal(UdpError.None, UdpDatagram.Build(buffer, 7, 9, "abc"u8, 1, 2, out int written));
            buffer[written] = 0x55;
            Assert.Equal(UdpError.None, UdpDatagram.Parse(buffer, 1, 2, out UdpDatagram udp));
            Assert.Equal(3, udp.PayloadLength);
        }

        [Fact]
        public void BuildRefusesASmallDestination()
        {
            Assert.Equal(UdpError.NoRoom, UdpDatagram.Build(new byte[10], 1, 2, "abc"u8, 0, 0, out int written));
            Assert.Equal(0, written);
            Assert.Equal(UdpError.NoRoom, UdpDatagram.Build(new byte[70000], 1, 2, new byte[65528], 0, 0, out _));
            Assert.Equal(UdpError.None, UdpDatagram.Build(new byte[70000], 1, 2, new byte[65527], 0, 0, out written));
            Assert.Equal(65535, written);
        }
    }
}
