// TCP through TcpSocket and NetStack: connect/accept/transfer over the simulated link (clean and faulty), over
// loopback inside one stack, ECONNREFUSED from a closed port, the listen backlog, a listener's close resetting its
// queue, options inherited by accepted sockets, SO_REUSEADDR beside TIME-WAIT, and shutdown.
using System;
using System.Collections.Generic;
using System.Linq;
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Sockets;
using Kiln.Net.Stack;
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class TcpSocketTests
    {
        internal static TcpSocket Listen(NetStack stack, uint address, ushort port, int backlog = 16)
        {
            TcpSocket listener = stack.CreateTcpSocket()!;
            Assert.Equal(0, listener.Bind(new Ipv4Endpoint(address, port)));
            Assert.Equal(0, listener.Listen(backlog));
            return listener;
        }

        internal static bool IsConnected(TcpSocket socket) => socket.IsConnected && (socket.PollEvents & PollEvents.EPOLLOUT) != 0;

        // Pumps data from one socket to the other until everything arrived; returns what was received.
        internal static byte[] Transfer(SimulatedWire wire, TcpSocket from, TcpSocket to, byte[] data, long limitNs)
        {
            var received = new List<byte>();
            int sent = 0;
            var buffer = new byte[8192];
            wire.RunUntil(() =>
            {
                while (sent < data.Length)
                {
                    long n = from.Send(data.AsSpan(sent));
                    if (n <= 0)
                    {
                        Assert.Equal(-Errno.EAGAIN, n);
                        break;
                    }

                    sent += (int)n;
                }

                while (true)
                {
                    long n = to.Receive(buffer, false);
                    if (n <= 0)
                    {
                        Assert.Equal(-Errno.EAGAIN, n);
                        break;
                    }

                    received.AddRange(buffer.AsSpan(0, (int)n).ToArray());
                }

                return received.Count == data.Length;
            }, limitNs);
            return received.ToArray();
        }

        [Fact]
        public void ConnectAcceptAndTransferBothWays()
        {
            var hosts = new TwoHosts();
            TcpSocket listener = Listen(hosts.B, 0, 80);
            var listenObserver = new RecordingObserver();
            listener.Observer = listenObserver;
            TcpSocket client = hosts.A.CreateTcpSocket()!;
            var clientObserver = new RecordingObserver();
            client.Observer = clientObserver;
            Assert.Equal(-Errno.EINPROGRESS, client.Connect(new Ipv4Endpoint(TwoHosts.AddressB, 80)));
            Assert.Equal(-Errno.EALREADY, client.Connect(new Ipv4Endpoint(TwoHosts.AddressB, 80)));
            Assert.True(hosts.Wire.RunUntil(() => IsConnected(client) && listener.AcceptQueueLength == 1, 1_000_000_000));
            Assert.Equal(0, client.TakeError());
            Assert.True(clientObserver.Calls > 0);
            Assert.True(listenObserver.Calls > 0);
            Assert.NotEqual(0u, listener.PollEvents & PollEvents.EPOLLIN);
            Assert.Equal(-Errno.EISCONN, client.Connect(new Ipv4Endpoint(TwoHosts.AddressB, 80)));

            Assert.Equal(0, listener.Accept(out TcpSocket? server));
            Assert.NotNull(server);
            Assert.Equal(-Errno.EAGAIN, listener.Accept(out _));
            Assert.Equal(TwoHosts.AddressB, server!.LocalEndpoint.Address);
            Assert.Equal(80, server.LocalEndpoint.Port);
            Assert.Equal(client.LocalEndpoint.Port, server.RemoteEndpoint.Port);
            Assert.Equal(TwoHosts.AddressA, client.LocalEndpoint.Address);

            var data = new byte[300_000];
            new Random(5).NextBytes(data);
            Assert.Equal(data, Transfer(hosts.Wire, client, server, data, 30_000_000_000));
            byte[] reply = new byte[70_000];
            new Random(6).NextBytes(reply);
            Assert.Equal(reply, Transfer(hosts.Wire, server, client, reply, 30_000_000_000));

            Assert.Equal(0, client.Shutdown(1));
            Assert.True(hosts.Wire.RunUntil(() => server.Receive(new byte[1], true) == 0, 1_000_000_000));
            Assert.NotEqual(0u, server.PollEvents & PollEvents.EPOLLRDHUP);
            server.Close(false);
            client.Close(false);
            hosts.Wire.Run(200_000_000_000);
            Assert.Equal(0, hosts.A.TcpConnectionsInUse);
            Assert.Equal(0, hosts.B.TcpConnectionsInUse);
            Assert.Equal(0, hosts.A.TcpChunks.InUse);
            Assert.Equal(0, hosts.B.TcpChunks.InUse);
            Assert.Equal(long.MaxValue, hosts.A.NextTimerDeadline);
        }

        [Fact]
        public void TransferSurvivesLossDuplicationAndReordering()
        {
            var hosts = new TwoHosts(seed: 11);
            hosts.Wire.LossRate = 0.03;
            hosts.Wire.DuplicateRate = 0.03;
            hosts.Wire.ReorderRate = 0.1;
            TcpSocket listener = Listen(hosts.B, 0, 81);
            TcpSocket client = hosts.A.CreateTcpSocket()!;
            client.Connect(new Ipv4Endpoint(TwoHosts.AddressB, 81));
            Assert.True(hosts.Wire.RunUntil(() => listener.AcceptQueueLength == 1, 30_000_000_000));
            listener.Accept(out TcpSocket? server);
            var data = new byte[200_000];
            new Random(8).NextBytes(data);
            Assert.Equal(data, Transfer(hosts.Wire, client, server!, data, 120_000_000_000));
        }

        [Fact]
        public void ConnectToAClosedPortIsRefused()
        {
            var hosts = new TwoHosts();
            TcpSocket client = hosts.A.CreateTcpSocket()!;
            Assert.Equal(-Errno.EINPROGRESS, client.Connect(new Ipv4Endpoint(TwoHosts.AddressB, 4444)));
            Assert.True(hosts.Wire.RunUntil(() => (client.PollEvents & PollEvents.EPOLLERR) != 0, 1_000_000_000));
            Assert.Equal(-Errno.ECONNREFUSED, client.TakeError());
            Assert.False(client.IsConnected);
            client.Close(false);
            Assert.Equal(0, hosts.A.TcpConnectionsInUse);
        }

        [Fact]
        public void LoopbackConnectCompletesBeforeConnectReturns()
        {
            var stack = new TwoHosts().A;
            TcpSocket listener = Listen(stack, NetStack.LoopbackAddress, 8080);
            TcpSocket client = stack.CreateTcpSocket()!;
            Assert.Equal(-Errno.EINPROGRESS, client.Connect(new Ipv4Endpoint(NetStack.LoopbackAddress, 8080)));
            Assert.True(IsConnected(client));
            Assert.Equal(0, listener.Accept(out TcpSocket? server));
            Assert.Equal(5, client.Send(new byte[] { 1, 2, 3, 4, 5 }));
            var buffer = new byte[16];
            Assert.Equal(5, server!.Receive(buffer, false));
            Assert.Equal(3, server.Send(new byte[] { 7, 8, 9 }));
            Assert.Equal(3, client.Receive(buffer, true));
            Assert.Equal(3, client.ReadableBytes);
            Assert.Equal(3, client.Receive(buffer, false));
            Assert.Equal(new byte[] { 7, 8, 9 }, buffer.AsSpan(0, 3).ToArray());

            // A closed port on loopback refuses at once.
            TcpSocket refused = stack.CreateTcpSocket()!;
            Assert.Equal(-Errno.EINPROGRESS, refused.Connect(new Ipv4Endpoint(NetStack.LoopbackAddress, 8081)));
            Assert.Equal(-Errno.ECONNREFUSED, refused.TakeError());
        }

        [Fact]
        public void BacklogBoundsTheAcceptQueueAndTheRestRetry()
        {
            var hosts = new TwoHosts();
            TcpSocket listener = Listen(hosts.B, 0, 82, backlog: 1);
            var clients = new TcpSocket[4];
            for (int i = 0; i < clients.Length; i++)
            {
                clients[i] = hosts.A.CreateTcpSocket()!;
                clients[i].Connect(new Ipv4Endpoint(TwoHosts.AddressB, 82));
            }

            hosts.Wire.Run(500_000_000);

            // All four SYNs came while the queue was empty; the handshakes beyond backlog + 1 wait, held back.
            Assert.Equal(2, listener.AcceptQueueLength);
            Assert.Equal(2, listener.OverflowLength);

            // A fifth SYN now finds the queue full and is dropped (the client retries it).
            TcpSocket late = hosts.A.CreateTcpSocket()!;
            late.Connect(new Ipv4Endpoint(TwoHosts.AddressB, 82));
            hosts.Wire.Run(100_000_000);
            Assert.True(hosts.B.TcpListenOverflows > 0);
            Assert.False(IsConnected(late));
            clients = new[] { clients[0], clients[1], clients[2], clients[3], late };
            int accepted = 0;
            Assert.True(hosts.Wire.RunUntil(() =>
            {
                while (listener.Accept(out TcpSocket? s) == 0)
                {
                    accepted++;
                }

                return accepted == clients.Length;
            }, 30_000_000_000));
            foreach (TcpSocket client in clients)
            {
                Assert.True(IsConnected(client));
            }
        }

        [Fact]
        public void ClosingAListenerResetsConnectionsNotYetAccepted()
        {
            var hosts = new TwoHosts();
            TcpSocket listener = Listen(hosts.B, 0, 83);
            TcpSocket client = hosts.A.CreateTcpSocket()!;
            client.Connect(new Ipv4Endpoint(TwoHosts.AddressB, 83));
            Assert.True(hosts.Wire.RunUntil(() => listener.AcceptQueueLength == 1, 1_000_000_000));
            listener.Close(false);
            Assert.True(hosts.Wire.RunUntil(() => (client.PollEvents & PollEvents.EPOLLERR) != 0, 1_000_000_000));
            Assert.Equal(-Errno.ECONNRESET, client.TakeError());
            hosts.Wire.Run(1_000_000);
            Assert.Equal(0, hosts.B.TcpConnectionsInUse);
        }

        [Fact]
        public void AcceptedSocketsInheritTheListenersOptions()
        {
            var stack = new TwoHosts().A;
            TcpSocket listener = stack.CreateTcpSocket()!;
            listener.Options.NoDelay = true;
            listener.Options.ReceiveBufferSize = 32768;
            listener.Bind(new Ipv4Endpoint(0, 8090));
            listener.Listen(4);
            TcpSocket client = stack.CreateTcpSocket()!;
            client.Connect(new Ipv4Endpoint(NetStack.LoopbackAddress, 8090));
            Assert.Equal(0, listener.Accept(out TcpSocket? server));
            Assert.True(server!.Options.NoDelay);
            Assert.Equal(32768, server.Options.ReceiveBufferSize);
        }

        [Fact]
        public void ReuseAddressBindsBesideTimeWait()
        {
            var stack = new TwoHosts().A;
            TcpSocket listener = Listen(stack, 0, 8100);
            TcpSocket client = stack.CreateTcpSocket()!;
            client.Connect(new Ipv4Endpoint(NetStack.LoopbackAddress, 8100));
            listener.Accept(out TcpSocket? server);

            // The server closes first, so its side of the connection (port 8100) lingers in TIME-WAIT.
            server!.Close(false);
            client.Close(false);
            listener.Close(false);
            Assert.Equal(1, stack.TcpConnectionCount);

            TcpSocket plain = stack.CreateTcpSocket()!;
            Assert.Equal(-Errno.EADDRINUSE, plain.Bind(new Ipv4Endpoint(0, 8100)));
            TcpSocket reuse = stack.CreateTcpSocket()!;
            reuse.ReuseAddress = true;
            Assert.Equal(0, reuse.Bind(new Ipv4Endpoint(0, 8100)));
            Assert.Equal(0, reuse.Listen(4));
        }

        [Fact]
        public void IcmpPortUnreachableRefusesAConnectInSynSent()
        {
            var hosts = new TwoHosts();
            TcpSocket client = hosts.A.CreateTcpSocket()!;
            Assert.Equal(-Errno.EINPROGRESS, client.Connect(new Ipv4Endpoint(TwoHosts.ProbeAddress, 80)));
            hosts.Wire.Run(1_000_000);
            hosts.ProbeSend(RawFrames.Arp(TwoHosts.ProbeMac, TwoHosts.MacA,
                ArpPacket.ReplyTo(ArpPacket.Request(TwoHosts.MacA, TwoHosts.AddressA, TwoHosts.ProbeAddress), TwoHosts.ProbeMac)));
            hosts.Wire.Run(1_000_000);
            byte[] syn = hosts.ProbeHeard.Single(f => RawFrames.ParseIpv4(f, out Ipv4Header h, out _) && h.Protocol == IpProtocol.Tcp);
            byte[] quoted = syn.AsSpan(EthernetFrame.HeaderLength).ToArray();
            var icmp = new byte[IcmpMessage.HeaderLength + 28];
            int length = IcmpMessage.WriteDestinationUnreachable(icmp, 3, 0, quoted);
            hosts.ProbeSend(RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacA, TwoHosts.ProbeAddress, TwoHosts.AddressA, IpProtocol.Icmp, icmp.AsSpan(0, length)));
            hosts.Wire.Run(1_000_000);
            Assert.NotEqual(0u, client.PollEvents & PollEvents.EPOLLERR);
            Assert.Equal(-Errno.ECONNREFUSED, client.TakeError());
            Assert.False(client.IsConnected);
            Assert.Equal(0, hosts.A.TcpConnectionCount);
            client.Close(false);
            Assert.Equal(0, hosts.A.TcpConnectionsInUse);
        }

        [Fact]
        public void ConnectToAnOnLinkHostThatNeverAnswersArpIsHostUnreachable()
        {
            var hosts = new TwoHosts();
            TcpSocket client = hosts.A.CreateTcpSocket()!;
            UdpSocket udp = hosts.A.CreateUdpSocket()!;
            Assert.Equal(-Errno.EINPROGRESS, client.Connect(new Ipv4Endpoint(0x0A00_0042, 80)));
            Assert.Equal(0, udp.Connect(new Ipv4Endpoint(0x0A00_0042, 53)));
            Assert.Equal(1, udp.SendTo(new byte[1], default));
            hosts.Wire.Run(2_500_000_000);
            Assert.Equal(0u, client.PollEvents & PollEvents.EPOLLERR);
            hosts.Wire.Run(1_000_000_000);
            Assert.Equal(-Errno.EHOSTUNREACH, client.TakeError());
            Assert.Equal(-Errno.EHOSTUNREACH, udp.TakeError());
            client.Close(false);
            Assert.Equal(0, hosts.A.TcpConnectionsInUse);
        }
    }
}
