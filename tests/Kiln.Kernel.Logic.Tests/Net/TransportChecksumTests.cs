// The pseudo-header checksum against packets whose checksums were computed independently (Python's struct-based
// reference sum); the plain RFC 1071 sum is InternetChecksumTests'.
using System;
using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net
{
    public sealed class TransportChecksumTests
    {
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
