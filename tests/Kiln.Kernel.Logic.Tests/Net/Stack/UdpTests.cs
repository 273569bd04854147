// UDP through NetStack and UdpSocket: both directions over the simulated link, datagram boundaries, peek and the
// real length for MSG_TRUNC, the receive buffer bound, connected filtering, ECONNREFUSED from port unreachable,
// bind rules (EADDRINUSE, SO_REUSEADDR, SO_REUSEPORT), broadcast permission, fragmented datagrams reassembled out of
// order, and loopback inside one stack.
using System;
using System.Linq;
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Sockets;
using Kiln.Net.Stack;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class UdpTests
    {
        [Fact]
        public void DatagramsGoBothWaysWithTheirBoundaries()
        {
            var hosts = new TwoHosts();
            UdpSocket server = hosts.B.CreateUdpSocket()!;
            Assert.Equal(0, server.Bind(new Ipv4Endpoint(0, 7000)));
            UdpSocket client = hosts.A.CreateUdpSocket()!;
            Assert.Equal(5, client.SendTo(new byte[] { 1, 2, 3, 4, 5 }, new Ipv4Endpoint(TwoHosts.AddressB, 7000)));
            Assert.Equal(2, client.SendTo(new byte[] { 6, 7 }, new Ipv4Endpoint(TwoHosts.AddressB, 7000)));
            ushort clientPort = client.LocalEndpoint.Port;
            Assert.InRange(clientPort, 32768, 60999);
            hosts.Wire.Run(5_000_000);

            var buffer = new byte[3];
            Assert.Equal(3, server.ReceiveFrom(buffer, true, out Ipv4Endpoint from, out int full));
            Assert.Equal(5, full);
            Assert.Equal(5, server.ReadableBytes);
            Assert.Equal(3, server.ReceiveFrom(buffer, false, out from, out full));
            Assert.Equal(new byte[] { 1, 2, 3 }, buffer);
            Assert.Equal(5, full);
            Assert.Equal(TwoHosts.AddressA, from.Address);
            Assert.Equal(clientPort, from.Port);
            Assert.Equal(2, server.ReceiveFrom(buffer, false, out _, out full));
            Assert.Equal(2, full);
            Assert.Equal(-Errno.EAGAIN, server.ReceiveFrom(buffer, false, out _, out _));

            Assert.Equal(4, server.SendTo(new byte[] { 9, 8, 7, 6 }, from));
            hosts.Wire.Run(5_000_000);
            Assert.Equal(4, client.ReceiveFrom(new byte[16], false, out Ipv4Endpoint back, out _));
            Assert.Equal(new Ipv4Endpoint(TwoHosts.AddressB, 7000).Address, back.Address);
            Assert.Equal(7000, back.Port);
        }

        [Fact]
        public void ObserverHearsArrivalsAndPollShowsThem()
        {
            var hosts = new TwoHosts();
            UdpSocket server = hosts.B.CreateUdpSocket()!;
            var observer = new RecordingObserver();
            server.Observer = observer;
            server.Bind(new Ipv4Endpoint(TwoHosts.AddressB, 7001));
            Assert.Equal(PollEvents.EPOLLOUT | PollEvents.EPOLLWRNORM, server.PollEvents);
            hosts.A.CreateUdpSocket()!.SendTo(new byte[3], new Ipv4Endpoint(TwoHosts.AddressB, 7001));
            hosts.Wire.Run(5_000_000);
            Assert.Equal(1, observer.Calls);
            Assert.NotEqual(0u, observer.Last & PollEvents.EPOLLIN);
            Assert.NotEqual(0u, server.PollEvents & PollEvents.EPOLLIN);
        }

        [Fact]
        public void ReceiveQueueIsBoundedByTheBufferSize()
        {
            var hosts = new TwoHosts();
            UdpSocket server = hosts.B.CreateUdpSocket()!;
            server.ReceiveBufferSize = 8192;
            server.Bind(new Ipv4Endpoint(0, 7002));
            UdpSocket client = hosts.A.CreateUdpSocket()!;
            for (int i = 0; i < 50; i++)
            {
                client.SendTo(new byte[1000], new Ipv4Endpoint(TwoHosts.AddressB, 7002));
                hosts.Wire.Run(1_000_000);
            }

            Assert.InRange(server.QueuedDatagrams, 4, 8);
            Assert.Equal(50 - server.QueuedDatagrams, server.Drops);
        }

        [Fact]
        public void ConnectedSocketFiltersOtherSendersAndHearsPortUnreachable()
        {
            var hosts = new TwoHosts();
            UdpSocket client = hosts.A.CreateUdpSocket()!;
            Assert.Equal(0, client.Connect(new Ipv4Endpoint(TwoHosts.AddressB, 9999)));
            Assert.Equal(TwoHosts.AddressA, client.LocalEndpoint.Address == 0 ? TwoHosts.AddressA : client.LocalEndpoint.Address);
            Assert.Equal(3, client.SendTo(new byte[3], default));
            hosts.Wire.Run(5_000_000);
            Assert.NotEqual(0u, client.PollEvents & PollEvents.EPOLLERR);
            Assert.Equal(-Errno.ECONNREFUSED, client.ReceiveFrom(new byte[4], false, out _, out _));
            Assert.Equal(-Errno.EAGAIN, client.ReceiveFrom(new byte[4], false, out _, out _));

            UdpSocket stranger = hosts.B.CreateUdpSocket()!;
            stranger.SendTo(new byte[1], new Ipv4Endpoint(TwoHosts.AddressA, client.LocalEndpoint.Port));
            hosts.Wire.Run(5_000_000);
            Assert.Equal(-Errno.EAGAIN, client.ReceiveFrom(new byte[4], false, out _, out _));
        }

        [Fact]
        public void UnconnectedSocketIgnoresIcmpErrorsAndSendToNeedsADestination()
        {
            var hosts = new TwoHosts();
            UdpSocket client = hosts.A.CreateUdpSocket()!;
            Assert.Equal(-Errno.EDESTADDRREQ, client.SendTo(new byte[1], default));
            client.SendTo(new byte[3], new Ipv4Endpoint(TwoHosts.AddressB, 9999));
            hosts.Wire.Run(5_000_000);
            Assert.Equal(0, client.TakeError());
            Assert.Equal(-Errno.EAGAIN, client.ReceiveFrom(new byte[4], false, out _, out _));
            Assert.Equal(-Errno.EMSGSIZE, client.SendTo(new byte[70000], new Ipv4Endpoint(TwoHosts.AddressB, 1)));
        }

        [Fact]
        public void PortUnreachableIsRateLimited()
        {
            var hosts = new TwoHosts();
            UdpSocket client = hosts.A.CreateUdpSocket()!;
            for (int i = 0; i < 200; i++)
            {
                client.SendTo(new byte[1], new Ipv4Endpoint(TwoHosts.AddressB, 9999));
            }

            hosts.Wire.Run(5_000_000);
            Assert.InRange(hosts.B.IcmpRateLimited, 100, 150);
        }

        [Fact]
        public void BindRulesFollowLinux()
        {
            var hosts = new TwoHosts();
            UdpSocket first = hosts.A.CreateUdpSocket()!;
            UdpSocket second = hosts.A.CreateUdpSocket()!;
            Assert.Equal(0, first.Bind(new Ipv4Endpoint(0, 6000)));
            Assert.Equal(-Errno.EINVAL, first.Bind(new Ipv4Endpoint(0, 6001)));
            Assert.Equal(-Errno.EADDRINUSE, second.Bind(new Ipv4Endpoint(TwoHosts.AddressA, 6000)));
            Assert.Equal(-Errno.EADDRNOTAVAIL, second.Bind(new Ipv4Endpoint(0x0A00_0063, 6000)));
            Assert.Equal(0, second.Bind(new Ipv4Endpoint(TwoHosts.AddressA, 6002)));

            UdpSocket reuseA = hosts.A.CreateUdpSocket()!;
            UdpSocket reuseB = hosts.A.CreateUdpSocket()!;
            reuseA.ReusePort = reuseB.ReusePort = true;
            Assert.Equal(0, reuseA.Bind(new Ipv4Endpoint(0, 6100)));
            Assert.Equal(0, reuseB.Bind(new Ipv4Endpoint(0, 6100)));

            first.Close();
            UdpSocket third = hosts.A.CreateUdpSocket()!;
            Assert.Equal(0, third.Bind(new Ipv4Endpoint(0, 6000)));
        }

        [Fact]
        public void ReusePortSpreadsSendersAndKeepsEachOnOneSocket()
        {
            var hosts = new TwoHosts();
            UdpSocket one = hosts.B.CreateUdpSocket()!;
            UdpSocket two = hosts.B.CreateUdpSocket()!;
            one.ReusePort = two.ReusePort = true;
            one.Bind(new Ipv4Endpoint(0, 6200));
            two.Bind(new Ipv4Endpoint(0, 6200));
            for (int sender = 0; sender < 16; sender++)
            {
                UdpSocket client = hosts.A.CreateUdpSocket()!;
                client.SendTo(new byte[1], new Ipv4Endpoint(TwoHosts.AddressB, 6200));
                client.SendTo(new byte[1], new Ipv4Endpoint(TwoHosts.AddressB, 6200));
            }

            hosts.Wire.Run(5_000_000);
            Assert.Equal(32, one.QueuedDatagrams + two.QueuedDatagrams);
            Assert.True(one.QueuedDatagrams > 0 && two.QueuedDatagrams > 0);
            Assert.Equal(0, one.QueuedDatagrams % 2);
        }

        [Fact]
        public void BroadcastNeedsSoBroadcastAndReachesEveryListener()
        {
            var hosts = new TwoHosts();
            UdpSocket listener = hosts.B.CreateUdpSocket()!;
            listener.Bind(new Ipv4Endpoint(0, 6300));
            UdpSocket sender = hosts.A.CreateUdpSocket()!;
            Assert.Equal(-Errno.EACCES, sender.SendTo(new byte[1], new Ipv4Endpoint(0x0A00_00FF, 6300)));
            sender.Broadcast = true;
            Assert.Equal(1, sender.SendTo(new byte[1], new Ipv4Endpoint(0x0A00_00FF, 6300)));
            Assert.Equal(1, sender.SendTo(new byte[1], new Ipv4Endpoint(0xFFFF_FFFF, 6300)));
            hosts.Wire.Run(5_000_000);
            Assert.Equal(2, listener.QueuedDatagrams);
        }

        [Fact]
        public void LargeDatagramsAreFragmentedAndReassembledOutOfOrder()
        {
            var hosts = new TwoHosts(seed: 7);
            hosts.Wire.ReorderRate = 0.5;
            hosts.Wire.DuplicateRate = 0.2;
            UdpSocket server = hosts.B.CreateUdpSocket()!;
            server.Bind(new Ipv4Endpoint(0, 7100));
            UdpSocket client = hosts.A.CreateUdpSocket()!;
            var random = new Random(3);
            var sent = new byte[5][];
            for (int i = 0; i < sent.Length; i++)
            {
                sent[i] = new byte[3000 + i * 9000];
                random.NextBytes(sent[i]);
                Assert.Equal(sent[i].Length, client.SendTo(sent[i], new Ipv4Endpoint(TwoHosts.AddressB, 7100)));
            }

            hosts.Wire.Run(50_000_000);
            var received = new byte[65536];
            var got = Enumerable.Range(0, sent.Length).Select(_ =>
            {
                long n = server.ReceiveFrom(received, false, out Ipv4Endpoint _, out int _);
                Assert.True(n > 0, $"datagram missing: {n}");
                return received.AsSpan(0, (int)n).ToArray();
            }).ToList();
            foreach (byte[] datagram in sent)
            {
                Assert.Contains(got, g => g.AsSpan().SequenceEqual(datagram));
            }

            // Duplicates that come after their datagram completed start a new one, which times out after 30 s.
            hosts.Wire.Run(31_000_000_000);
            Assert.Equal(0, hosts.B.Reassembler.InProgress);
            Assert.Equal(0, hosts.B.Reassembler.HeldBytes);
            Assert.Equal(-Errno.EAGAIN, server.ReceiveFrom(received, false, out Ipv4Endpoint _, out int _));
        }

        [Fact]
        public void LoopbackDeliversInsideOneStackBeforeSendReturns()
        {
            var hosts = new TwoHosts();
            NetStack stack = hosts.A;
            UdpSocket server = stack.CreateUdpSocket()!;
            Assert.Equal(0, server.Bind(new Ipv4Endpoint(NetStack.LoopbackAddress, 8000)));
            UdpSocket client = stack.CreateUdpSocket()!;
            Assert.Equal(4, client.SendTo(new byte[] { 1, 2, 3, 4 }, new Ipv4Endpoint(NetStack.LoopbackAddress, 8000)));
            Assert.Equal(1, server.QueuedDatagrams);
            Assert.Equal(4, server.ReceiveFrom(new byte[8], false, out Ipv4Endpoint from, out _));
            Assert.Equal(NetStack.LoopbackAddress, from.Address);

            // Our own Ethernet address goes through loopback too, never onto the wire.
            UdpSocket own = stack.CreateUdpSocket()!;
            own.Bind(new Ipv4Endpoint(0, 8001));
            hosts.Wire.RecordFrames = true;
            Assert.Equal(60000, client.SendTo(new byte[60000], new Ipv4Endpoint(TwoHosts.AddressA, 8001)));
            Assert.Equal(60000, own.ReceiveFrom(new byte[65536], false, out from, out _));
            Assert.Equal(TwoHosts.AddressA, from.Address);
            Assert.Empty(hosts.Wire.Transmitted);

            Assert.Equal(1, client.SendTo(new byte[1], new Ipv4Endpoint(NetStack.LoopbackAddress, 8999)));
            Assert.Equal(0, client.TakeError());
        }

        [Fact]
        public void ClosedSocketsGoBackToThePoolAndTheirBuffersToo()
        {
            var hosts = new TwoHosts();
            NetStack stack = hosts.A;
            for (int i = 0; i < 1000; i++)
            {
                UdpSocket server = stack.CreateUdpSocket()!;
                server.Bind(new Ipv4Endpoint(0, 8100));
                UdpSocket client = stack.CreateUdpSocket()!;
                client.SendTo(new byte[100], new Ipv4Endpoint(NetStack.LoopbackAddress, 8100));
                client.SendTo(new byte[100], new Ipv4Endpoint(NetStack.LoopbackAddress, 8100));
                server.Close();
                client.Close();
            }

            Assert.Equal(2, stack.UdpSocketsCreated);
            Assert.Equal(0, stack.Buffers.Outstanding);
            Assert.True(stack.Buffers.Created < 10);
        }
    }
}
