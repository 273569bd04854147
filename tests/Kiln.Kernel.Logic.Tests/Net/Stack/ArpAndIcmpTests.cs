// ARP and ICMP through NetStack: requests for our address are answered, a first packet waits for resolution and
// later ones do not ask again, an unanswered neighbour is given up after three requests, echo requests are answered
// (not broadcast ones), and gratuitous ARP announces a new address.
using System;
using System.Linq;
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Sockets;
using Kiln.Net.Stack;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class ArpAndIcmpTests
    {
        private static int CountArp(TwoHosts hosts, ushort operation) =>
            hosts.ProbeHeard.Count(frame => EthernetFrame.Parse(frame, out EthernetFrame e) == NetError.None && e.EtherType == EtherType.Arp
                && ArpPacket.Parse(frame.AsSpan(EthernetFrame.HeaderLength), out ArpPacket arp) == NetError.None && arp.Operation == operation);

        [Fact]
        public void SetAddressAnnouncesItWithAGratuitousArp()
        {
            var hosts = new TwoHosts(configure: false);
            hosts.A.SetAddress(hosts.InterfaceA, TwoHosts.AddressA, 24);
            hosts.Wire.Run(1_000_000);
            byte[] frame = Assert.Single(hosts.ProbeHeard);
            Assert.Equal(NetError.None, ArpPacket.Parse(frame.AsSpan(EthernetFrame.HeaderLength), out ArpPacket arp));
            Assert.Equal(TwoHosts.AddressA, arp.SenderIp);
            Assert.Equal(TwoHosts.AddressA, arp.TargetIp);
            Assert.Equal(TwoHosts.MacA, arp.SenderMac);
        }

        [Fact]
        public void ArpRequestForOurAddressIsAnsweredAndOthersAreNot()
        {
            var hosts = new TwoHosts();
            hosts.ProbeSend(RawFrames.Arp(TwoHosts.ProbeMac, EthernetFrame.BroadcastMac, ArpPacket.Request(TwoHosts.ProbeMac, TwoHosts.ProbeAddress, TwoHosts.AddressB)));
            hosts.ProbeSend(RawFrames.Arp(TwoHosts.ProbeMac, EthernetFrame.BroadcastMac, ArpPacket.Request(TwoHosts.ProbeMac, TwoHosts.ProbeAddress, 0x0A00_0063)));
            hosts.Wire.Run(1_000_000);
            byte[] reply = Assert.Single(hosts.ProbeHeard);
            Assert.Equal(NetError.None, EthernetFrame.Parse(reply, out EthernetFrame ethernet));
            Assert.Equal(TwoHosts.ProbeMac, ethernet.Destination);
            Assert.Equal(NetError.None, ArpPacket.Parse(reply.AsSpan(EthernetFrame.HeaderLength), out ArpPacket arp));
            Assert.Equal(ArpPacket.OperationReply, arp.Operation);
            Assert.Equal(TwoHosts.AddressB, arp.SenderIp);
            Assert.Equal(TwoHosts.MacB, arp.SenderMac);
            Assert.Equal(TwoHosts.ProbeAddress, arp.TargetIp);
        }

        [Fact]
        public void FirstPacketWaitsForArpAndTheNextOnesDoNotAsk()
        {
            var hosts = new TwoHosts();
            UdpSocket receiver = hosts.B.CreateUdpSocket()!;
            Assert.Equal(0, receiver.Bind(new Ipv4Endpoint(0, 5000)));
            UdpSocket sender = hosts.A.CreateUdpSocket()!;
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(1, sender.SendTo(new byte[] { (byte)i }, new Ipv4Endpoint(TwoHosts.AddressB, 5000)));
            }

            hosts.Wire.Run(5_000_000);
            Assert.Equal(3, receiver.QueuedDatagrams);
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(1, sender.SendTo(new byte[] { 9 }, new Ipv4Endpoint(TwoHosts.AddressB, 5000)));
            }

            hosts.Wire.Run(5_000_000);
            Assert.Equal(6, receiver.QueuedDatagrams);
            Assert.Equal(1, CountArp(hosts, ArpPacket.OperationRequest));
            Assert.Equal(1, CountArp(hosts, ArpPacket.OperationReply));
            var buffer = new byte[4];
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(1, receiver.ReceiveFrom(buffer, false, out Ipv4Endpoint source, out _));
                Assert.Equal(i, buffer[0]);
                Assert.Equal(TwoHosts.AddressA, source.Address);
            }
        }

        [Fact]
        public void UnansweredNeighbourIsAskedThreeTimesThenItsPacketsAreDropped()
        {
            var hosts = new TwoHosts();
            int outstanding = hosts.A.Buffers.Outstanding;
            UdpSocket sender = hosts.A.CreateUdpSocket()!;
            Assert.Equal(1, sender.SendTo(new byte[] { 1 }, new Ipv4Endpoint(0x0A00_0042, 7)));
            Assert.Equal(outstanding + 1, hosts.A.Buffers.Outstanding);
            hosts.Wire.Run(10_000_000_000);
            Assert.Equal(3, CountArp(hosts, ArpPacket.OperationRequest));
            Assert.Equal(1, hosts.A.ArpDrops);
            Assert.Equal(outstanding, hosts.A.Buffers.Outstanding);
            Assert.Equal(long.MaxValue, hosts.A.NextTimerDeadline);
        }

        [Fact]
        public void EchoRequestIsAnsweredWithTheSameBody()
        {
            var hosts = new TwoHosts();
            byte[] body = Enumerable.Range(0, 56).Select(i => (byte)i).ToArray();
            hosts.ProbeSend(RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, TwoHosts.ProbeAddress, TwoHosts.AddressB, IpProtocol.Icmp,
                RawFrames.EchoRequest(0x1234, 7, body)));
            hosts.Wire.Run(5_000_000);

            // B does not know the probe's MAC from an IP packet alone: it asks, the probe does not answer, so
            // answer by hand and look for the reply.
            Assert.Equal(1, CountArp(hosts, ArpPacket.OperationRequest));
            hosts.ProbeSend(RawFrames.Arp(TwoHosts.ProbeMac, TwoHosts.MacB,
                ArpPacket.ReplyTo(ArpPacket.Request(TwoHosts.MacB, TwoHosts.AddressB, TwoHosts.ProbeAddress), TwoHosts.ProbeMac)));
            hosts.Wire.Run(5_000_000);
            byte[] reply = hosts.ProbeHeard.Single(f => RawFrames.ParseIpv4(f, out Ipv4Header h, out _) && h.Protocol == IpProtocol.Icmp);
            Assert.True(RawFrames.ParseIpv4(reply, out Ipv4Header header, out byte[] payload));
            Assert.Equal(TwoHosts.AddressB, header.Source);
            Assert.Equal(TwoHosts.ProbeAddress, header.Destination);
            Assert.Equal(NetError.None, IcmpMessage.Parse(payload, out IcmpMessage icmp));
            Assert.Equal(IcmpMessage.TypeEchoReply, icmp.Type);
            Assert.Equal(0x1234, icmp.Identifier);
            Assert.Equal(7, icmp.Sequence);
            Assert.Equal(body, payload.Skip(IcmpMessage.HeaderLength).ToArray());
        }

        [Fact]
        public void BroadcastEchoRequestIsIgnored()
        {
            var hosts = new TwoHosts();
            hosts.ProbeSend(RawFrames.Ipv4(TwoHosts.ProbeMac, EthernetFrame.BroadcastMac, TwoHosts.ProbeAddress, 0x0A00_00FF, IpProtocol.Icmp,
                RawFrames.EchoRequest(1, 1, new byte[8])));
            hosts.Wire.Run(5_000_000);
            Assert.Empty(hosts.ProbeHeard);
        }

        [Fact]
        public void PacketsForOtherHostsAreNotForwarded()
        {
            var hosts = new TwoHosts();
            hosts.ProbeSend(RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, TwoHosts.ProbeAddress, 0x0A00_0077, IpProtocol.Icmp,
                RawFrames.EchoRequest(1, 1, new byte[8])));
            hosts.Wire.Run(5_000_000);
            Assert.Empty(hosts.ProbeHeard);
        }

        [Fact]
        public void NoRouteIsNetworkUnreachableAndTheGatewayCarriesTheRest()
        {
            var hosts = new TwoHosts();
            UdpSocket sender = hosts.A.CreateUdpSocket()!;
            Assert.Equal(-Errno.ENETUNREACH, sender.SendTo(new byte[1], new Ipv4Endpoint(0x0808_0808, 53)));
            hosts.A.Gateway = TwoHosts.AddressB;
            Assert.Equal(1, sender.SendTo(new byte[1], new Ipv4Endpoint(0x0808_0808, 53)));
            hosts.Wire.RecordFrames = true;
            hosts.Wire.Run(5_000_000);
            Assert.Contains(hosts.ProbeHeard, f => EthernetFrame.Parse(f, out EthernetFrame e) == NetError.None
                && e.Destination == TwoHosts.MacB && RawFrames.ParseIpv4(f, out Ipv4Header h, out _) && h.Destination == 0x0808_0808);
        }
    }
}
