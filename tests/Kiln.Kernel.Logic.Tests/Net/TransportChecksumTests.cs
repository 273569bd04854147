// The pseudo-header checksum against RFC 1071's worked example and against packets whose checksums were computed
// independently (Python's struct-based reference sum).
using System;
using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net
{
    public sealed class TransportChecksumTests
    {
        [Fact]
        public void Rfc1071WorkedExampleSumsToDdf2()
        {
            byte[] data = { 0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7 };
            Assert.Equal((ushort)0x220D, TransportChecksum.Finish(TransportChecksum.Add(0, data)));
        }

        [Fact]
        public void AnOddLastByteIsPaddedWithZero()
        {
            Assert.Equal((ushort)0x54FF, TransportChecksum.Finish(TransportChecksum.Add(0, new byte[] { 0xAB })));
        }

        [Fact]
        public void KnownUdpDatagramChecksum()
        {
            byte[] udp = KnownPackets.UdpHello();
            Assert.Equal((ushort)0x35A7, TransportChecksum.Compute(KnownPackets.Udp1, KnownPackets.Udp2, TransportChecksum.ProtocolUdp, udp));
            udp[6] = 0x35;
            udp[7] = 0xA7;
            Assert.True(TransportChecksum.Verify(KnownPackets.Udp1, KnownPackets.Udp2, TransportChecksum.ProtocolUdp, udp));
            Assert.False(TransportChecksum.Verify(KnownPackets.Udp2, KnownPackets.Udp2, TransportChecksum.ProtocolUdp, udp));
        }

        [Fact]
        public void KnownTcpSynChecksum()
        {
            byte[] syn = KnownPackets.LinuxStyleSyn(checksum: 0);
            Assert.Equal((ushort)0x9467, TransportChecksum.Compute(KnownPackets.Guest, KnownPackets.Host, TransportChecksum.ProtocolTcp, syn));
        }
    }
}
