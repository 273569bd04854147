// TCP demux without a peer stack: segments to no connection or listener get the RST of RFC 9293 3.10.7.1, RSTs are
// never answered, and bind/listen follow Linux's rules for ports (EADDRINUSE, SO_REUSEADDR, SO_REUSEPORT).
using System.Linq;
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Sockets;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class TcpDemuxTests
    {
        private static TwoHosts HostsKnowingTheProbe()
        {
            var hosts = new TwoHosts();
            // Teach B the probe's MAC so its answers go straight out.
            hosts.ProbeSend(RawFrames.Arp(TwoHosts.ProbeMac, EthernetFrame.BroadcastMac, ArpPacket.Request(TwoHosts.ProbeMac, TwoHosts.ProbeAddress, TwoHosts.AddressB)));
            hosts.Wire.Run(1_000_000);
            hosts.ProbeHeard.Clear();
            return hosts;
        }

        private static TcpSegment[] HeardSegments(TwoHosts hosts) => hosts.ProbeHeard
            .Where(f => RawFrames.ParseIpv4(f, out Ipv4Header h, out _) && h.Protocol == IpProtocol.Tcp)
            .Select(f =>
            {
                RawFrames.ParseIpv4(f, out Ipv4Header h, out byte[] payload);
                Assert.Equal(TcpError.None, TcpSegment.Parse(payload, h.Source, h.Destination, true, out TcpSegment s, out _));
                return s;
            }).ToArray();

        private static void ProbeTcp(TwoHosts hosts, ushort port, uint sequence, uint acknowledgment, byte flags) =>
            hosts.ProbeSend(RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, TwoHosts.ProbeAddress, TwoHosts.AddressB, IpProtocol.Tcp,
                RawFrames.Tcp(TwoHosts.ProbeAddress, 40000, TwoHosts.AddressB, port, sequence, acknowledgment, flags)));

        [Fact]
        public void SynToAClosedPortGetsRstAckForTheSyn()
        {
            TwoHosts hosts = HostsKnowingTheProbe();
            ProbeTcp(hosts, 81, 1000, 0, TcpFlags.SYN);
            hosts.Wire.Run(1_000_000);
            TcpSegment reset = Assert.Single(HeardSegments(hosts));
            Assert.Equal(TcpFlags.RST | TcpFlags.ACK, reset.Flags);
            Assert.Equal(0u, reset.SequenceNumber);
            Assert.Equal(1001u, reset.AcknowledgmentNumber);
            Assert.Equal(81, reset.SourcePort);
            Assert.Equal(40000, reset.DestinationPort);
        }

        [Fact]
        public void AckToNoConnectionGetsRstAtTheAcknowledgedSequence()
        {
            TwoHosts hosts = HostsKnowingTheProbe();
            ProbeTcp(hosts, 82, 5, 777, TcpFlags.ACK);
            hosts.Wire.Run(1_000_000);
            TcpSegment reset = Assert.Single(HeardSegments(hosts));
            Assert.Equal(TcpFlags.RST, reset.Flags);
            Assert.Equal(777u, reset.SequenceNumber);
        }

        [Fact]
        public void RstIsNeverAnsweredNorABroadcast()
        {
            TwoHosts hosts = HostsKnowingTheProbe();
            ProbeTcp(hosts, 83, 5, 777, TcpFlags.RST | TcpFlags.ACK);
            hosts.ProbeSend(RawFrames.Ipv4(TwoHosts.ProbeMac, EthernetFrame.BroadcastMac, TwoHosts.ProbeAddress, 0x0A00_00FF, IpProtocol.Tcp,
                RawFrames.Tcp(TwoHosts.ProbeAddress, 40000, 0x0A00_00FF, 84, 1, 0, TcpFlags.SYN)));
            hosts.Wire.Run(1_000_000);
            Assert.Empty(HeardSegments(hosts));
        }

        [Fact]
        public void BadChecksumIsDroppedSilently()
        {
            TwoHosts hosts = HostsKnowingTheProbe();
            byte[] segment = RawFrames.Tcp(TwoHosts.ProbeAddress, 40000, TwoHosts.AddressB, 85, 1, 0, TcpFlags.SYN);
            segment[16] ^= 0x55;
            hosts.ProbeSend(RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, TwoHosts.ProbeAddress, TwoHosts.AddressB, IpProtocol.Tcp, segment));
            hosts.Wire.Run(1_000_000);
            Assert.Empty(HeardSegments(hosts));
        }

        [Fact]
        public void BindAndListenFollowLinuxPortRules()
        {
            var hosts = new TwoHosts();
            TcpSocket first = hosts.B.CreateTcpSocket()!;
            TcpSocket second = hosts.B.CreateTcpSocket()!;
            Assert.Equal(0, first.Bind(new Ipv4Endpoint(0, 80)));
            Assert.Equal(-Errno.EINVAL, first.Bind(new Ipv4Endpoint(0, 81)));
            Assert.Equal(-Errno.EADDRINUSE, second.Bind(new Ipv4Endpoint(TwoHosts.AddressB, 80)));
            Assert.Equal(-Errno.EADDRNOTAVAIL, second.Bind(new Ipv4Endpoint(TwoHosts.AddressA, 80)));
            Assert.Equal(0, first.Listen(16));
            Assert.True(first.IsListening);
            Assert.Equal(0u, first.PollEvents);

            // SO_REUSEADDR does not share a port with a listener.
            TcpSocket reuse = hosts.B.CreateTcpSocket()!;
            reuse.ReuseAddress = true;
            first.ReuseAddress = true;
            Assert.Equal(-Errno.EADDRINUSE, reuse.Bind(new Ipv4Endpoint(0, 80)));

            // SO_REUSEPORT lets two sockets listen on one port.
            TcpSocket one = hosts.B.CreateTcpSocket()!;
            TcpSocket two = hosts.B.CreateTcpSocket()!;
            one.ReusePort = two.ReusePort = true;
            Assert.Equal(0, one.Bind(new Ipv4Endpoint(0, 90)));
            Assert.Equal(0, two.Bind(new Ipv4Endpoint(0, 90)));
            Assert.Equal(0, one.Listen(4));
            Assert.Equal(0, two.Listen(4));

            // Two SO_REUSEADDR sockets bind together, but only one may listen.
            TcpSocket x = hosts.B.CreateTcpSocket()!;
            TcpSocket y = hosts.B.CreateTcpSocket()!;
            x.ReuseAddress = y.ReuseAddress = true;
            Assert.Equal(0, x.Bind(new Ipv4Endpoint(0, 91)));
            Assert.Equal(0, y.Bind(new Ipv4Endpoint(0, 91)));
            Assert.Equal(0, x.Listen(4));
            Assert.Equal(-Errno.EADDRINUSE, y.Listen(4));

            first.Close(false);
            TcpSocket again = hosts.B.CreateTcpSocket()!;
            Assert.Equal(0, again.Bind(new Ipv4Endpoint(0, 80)));
        }

        [Fact]
        public void UnconnectedSocketReportsLikeLinux()
        {
            var hosts = new TwoHosts();
            TcpSocket socket = hosts.A.CreateTcpSocket()!;
            Assert.Equal(PollEvents.EPOLLOUT | PollEvents.EPOLLWRNORM | PollEvents.EPOLLHUP, socket.PollEvents);
            Assert.Equal(-Errno.EPIPE, socket.Send(new byte[1]));
            Assert.Equal(-Errno.ENOTCONN, socket.Receive(new byte[1], false));
            Assert.Equal(-Errno.ENOTCONN, socket.Shutdown(1));
            Assert.Equal(-Errno.EINVAL, socket.Accept(out _));
            Assert.Equal(-Errno.ENETUNREACH, socket.Connect(new Ipv4Endpoint(0x0808_0808, 80)));
            Assert.Equal(0, socket.Listen(0));
            Assert.InRange(socket.LocalEndpoint.Port, 32768, 60999);
            Assert.Equal(-Errno.EISCONN, socket.Connect(new Ipv4Endpoint(TwoHosts.AddressB, 80)));
            Assert.Equal(-Errno.EAGAIN, socket.Accept(out _));
        }
    }
}
