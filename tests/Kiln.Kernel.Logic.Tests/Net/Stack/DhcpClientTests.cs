// The DHCP client through NetStack against a simulated server: DISCOVER/OFFER/REQUEST/ACK applies the lease (address,
// prefix, gateway, DNS servers), T1 renews by unicast, T2 rebinds by broadcast when the server is silent, the end of
// the lease drops the address, a NAK restarts, and an unanswered DISCOVER backs off exponentially. Also the codec.
using System;
using System.Linq;
using Kiln.Net;
using Kiln.Net.Dhcp;
using Kiln.Net.Stack;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class DhcpClientTests
    {
        private const long Second = 1_000_000_000;

        private static (TwoHosts Hosts, SimulatedDhcpServer Server, DhcpClient Client) Start()
        {
            var hosts = new TwoHosts(configure: false);
            var server = new SimulatedDhcpServer(hosts.Wire);
            DhcpClient client = hosts.A.StartDhcp(hosts.InterfaceA)!;
            return (hosts, server, client);
        }

        [Fact]
        public void LeaseIsTakenAndApplied()
        {
            var (hosts, server, client) = Start();
            Assert.True(hosts.Wire.RunUntil(() => client.IsBound, 10 * Second));
            Assert.True(hosts.A.IsDhcpBound(hosts.InterfaceA));
            Assert.Equal(SimulatedDhcpServer.Offered, hosts.InterfaceA.Ipv4Address);
            Assert.Equal(24, hosts.InterfaceA.Ipv4PrefixLength);
            Assert.Equal(SimulatedDhcpServer.Router, hosts.A.Gateway);
            Assert.Equal(2, client.DnsServerCount);
            Assert.Equal(0x0A00_0035u, client.GetDnsServer(0));
            Assert.Equal(0x0A00_0036u, client.GetDnsServer(1));
            Assert.Equal(100u, client.LeaseSeconds);
            Assert.Equal(new[] { DhcpMessageType.Discover, DhcpMessageType.Request }, server.Seen.Select(s => s.Type).ToArray());
        }

        [Fact]
        public void RenewsByUnicastAtT1()
        {
            var (hosts, server, client) = Start();
            Assert.True(hosts.Wire.RunUntil(() => client.IsBound, 10 * Second));
            server.Seen.Clear();
            hosts.Wire.Run(49 * Second);
            Assert.Empty(server.Seen);
            hosts.Wire.Run(2 * Second);
            var renewal = Assert.Single(server.Seen);
            Assert.Equal(DhcpMessageType.Request, renewal.Type);
            Assert.Equal(SimulatedDhcpServer.Offered, renewal.ClientAddress);
            Assert.True(renewal.Unicast);
            Assert.Equal(DhcpState.Bound, client.State);
            Assert.Equal(2, client.Acks);
            Assert.Equal(SimulatedDhcpServer.Offered, hosts.InterfaceA.Ipv4Address);
        }

        [Fact]
        public void RebindsByBroadcastAtT2AndDropsTheAddressWhenTheLeaseEnds()
        {
            var (hosts, server, client) = Start();
            Assert.True(hosts.Wire.RunUntil(() => client.IsBound, 10 * Second));
            server.Silent = true;
            server.Seen.Clear();
            hosts.Wire.Run(90 * Second);
            Assert.Equal(DhcpState.Rebinding, client.State);
            Assert.Contains(server.Seen, s => s.Type == DhcpMessageType.Request && s.Unicast);
            Assert.Contains(server.Seen, s => s.Type == DhcpMessageType.Request && !s.Unicast && s.ClientAddress == SimulatedDhcpServer.Offered);
            hosts.Wire.Run(15 * Second);
            Assert.False(client.IsBound);
            Assert.Equal(0u, hosts.InterfaceA.Ipv4Address);
            Assert.Equal(0u, hosts.A.Gateway);
            Assert.Equal(DhcpState.Selecting, client.State);
        }

        [Fact]
        public void NakRestartsFromDiscover()
        {
            var (hosts, server, client) = Start();
            Assert.True(hosts.Wire.RunUntil(() => client.IsBound, 10 * Second));
            server.NakRequests = true;
            server.Seen.Clear();
            hosts.Wire.Run(51 * Second);
            Assert.Equal(1, client.Naks);
            Assert.Equal(0u, hosts.InterfaceA.Ipv4Address);
            Assert.Equal(DhcpState.Selecting, client.State);
            server.NakRequests = false;
            Assert.True(hosts.Wire.RunUntil(() => client.IsBound, 10 * Second));
            Assert.Equal(DhcpMessageType.Discover, server.Seen[1].Type);
            Assert.Equal(SimulatedDhcpServer.Offered, hosts.InterfaceA.Ipv4Address);
        }

        [Fact]
        public void UnansweredDiscoverBacksOffExponentially()
        {
            var (hosts, server, client) = Start();
            server.Silent = true;
            hosts.Wire.Run(4 * Second + 1_000_000);
            Assert.Equal(2, server.Seen.Count);
            hosts.Wire.Run(8 * Second);
            Assert.Equal(3, server.Seen.Count);
            hosts.Wire.Run(16 * Second);
            Assert.Equal(4, server.Seen.Count);
            hosts.Wire.Run(200 * Second);
            Assert.InRange(server.Seen.Count, 7, 8);
            Assert.All(server.Seen, s => Assert.Equal(DhcpMessageType.Discover, s.Type));
        }

        [Fact]
        public void MessagesRoundTripAndBadOnesAreRejected()
        {
            DhcpMessage message = default;
            message.Operation = DhcpMessage.OperationReply;
            message.TransactionId = 0x1234_5678;
            message.ClientMac = 0x0200_0000_0001;
            message.MessageType = DhcpMessageType.Ack;
            message.YourAddress = 0x0A00_0032;
            message.HasSubnetMask = true;
            message.SubnetMask = 0xFFFF_0000;
            message.Router = 0x0A00_0001;
            message.LeaseSeconds = 86400;
            message.RenewalSeconds = 1000;
            message.RebindingSeconds = 2000;
            message.ServerIdentifier = 0x0A00_0009;
            message.AddDns(1);
            message.AddDns(2);
            message.AddDns(3);
            message.AddDns(4);
            var bytes = new byte[DhcpMessage.WriteRoom];
            int length = message.Write(bytes);
            Assert.True(length >= 300);
            Assert.True(DhcpMessage.Parse(bytes.AsSpan(0, length), out DhcpMessage parsed));
            Assert.Equal(message.TransactionId, parsed.TransactionId);
            Assert.Equal(message.ClientMac, parsed.ClientMac);
            Assert.Equal(message.YourAddress, parsed.YourAddress);
            Assert.Equal(message.SubnetMask, parsed.SubnetMask);
            Assert.Equal(message.Router, parsed.Router);
            Assert.Equal(86400u, parsed.LeaseSeconds);
            Assert.Equal(1000u, parsed.RenewalSeconds);
            Assert.Equal(2000u, parsed.RebindingSeconds);
            Assert.Equal(3, parsed.DnsCount);
            Assert.Equal(3u, parsed.GetDns(2));

            Assert.False(DhcpMessage.Parse(bytes.AsSpan(0, 200), out _));
            byte[] badCookie = (byte[])bytes.Clone();
            badCookie[236] ^= 1;
            Assert.False(DhcpMessage.Parse(badCookie.AsSpan(0, length), out _));
            byte[] overrun = (byte[])bytes.Clone();
            overrun[241] = 200;
            Assert.False(DhcpMessage.Parse(overrun.AsSpan(0, 250), out _));
        }
    }
}
