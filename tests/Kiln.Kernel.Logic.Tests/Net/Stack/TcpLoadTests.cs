// TCP under load through NetStack: 100,000 connect/close cycles on loopback with every pool flat, 1,000 connections
// held open at once, and a flood of 10,000 spoofed SYNs after which a real client still connects while the memory
// held stays bounded (half-open queue with eviction of the oldest).
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Sockets;
using Kiln.Net.Stack;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class TcpLoadTests
    {
        [Fact]
        public void AHundredThousandConnectCloseCyclesKeepEveryPoolFlat()
        {
            var hosts = new TwoHosts();
            NetStack stack = hosts.A;
            TcpSocket listener = TcpSocketTests.Listen(stack, 0, 9000, backlog: 128);
            var buffer = new byte[64];
            int connectionsAfterWarmup = 0, socketsAfterWarmup = 0, buffersAfterWarmup = 0, chunksAfterWarmup = 0;
            for (int cycle = 0; cycle < 100_000; cycle++)
            {
                TcpSocket client = stack.CreateTcpSocket()!;
                Assert.Equal(-Errno.EINPROGRESS, client.Connect(new Ipv4Endpoint(NetStack.LoopbackAddress, 9000)));
                Assert.Equal(0, listener.Accept(out TcpSocket? server));
                Assert.Equal(4, client.Send(new byte[] { 1, 2, 3, 4 }));
                Assert.Equal(4, server!.Receive(buffer, false));
                client.Close(false);
                Assert.Equal(0, server.Receive(buffer, false));
                server.Close(false);

                // TIME-WAIT lasts 60 s; a virtual second per cycle keeps about 60 of them.
                hosts.Clock.Advance(1_000_000_000);
                stack.RunTimers();
                if (cycle == 1000)
                {
                    connectionsAfterWarmup = stack.TcpConnectionsCreated;
                    socketsAfterWarmup = stack.TcpSocketsCreated;
                    buffersAfterWarmup = stack.Buffers.Created;
                    chunksAfterWarmup = stack.TcpChunks.Created;
                }
            }

            Assert.Equal(connectionsAfterWarmup, stack.TcpConnectionsCreated);
            Assert.Equal(socketsAfterWarmup, stack.TcpSocketsCreated);
            Assert.Equal(buffersAfterWarmup, stack.Buffers.Created);
            Assert.Equal(chunksAfterWarmup, stack.TcpChunks.Created);
            Assert.InRange(stack.TcpConnectionsCreated, 2, 200);
            Assert.InRange(stack.TcpConnectionsInUse, 0, 62);
            Assert.Equal(0, stack.TcpChunks.InUse);
            Assert.Equal(0, stack.Buffers.Outstanding);
        }

        [Fact]
        public void AThousandConnectionsStayOpenAtOnce()
        {
            var hosts = new TwoHosts();
            TcpSocket listener = TcpSocketTests.Listen(hosts.B, 0, 9001, backlog: 4096);
            var clients = new TcpSocket[1000];
            var servers = new TcpSocket[1000];
            for (int i = 0; i < clients.Length; i++)
            {
                clients[i] = hosts.A.CreateTcpSocket()!;
                Assert.Equal(-Errno.EINPROGRESS, clients[i].Connect(new Ipv4Endpoint(TwoHosts.AddressB, 9001)));
            }

            int accepted = 0;
            Assert.True(hosts.Wire.RunUntil(() =>
            {
                while (accepted < servers.Length && listener.Accept(out TcpSocket? s) == 0)
                {
                    servers[accepted++] = s!;
                }

                return accepted == servers.Length;
            }, 10_000_000_000));
            Assert.Equal(1000, hosts.A.TcpConnectionCount);
            Assert.Equal(1000, hosts.B.TcpConnectionCount);

            // Every connection still carries its own bytes after a minute of idling.
            hosts.Wire.Run(60_000_000_000);
            for (int i = 0; i < clients.Length; i++)
            {
                Assert.True(TcpSocketTests.IsConnected(clients[i]));
                Assert.Equal(2, clients[i].Send(new byte[] { (byte)i, (byte)(i >> 8) }));
            }

            hosts.Wire.Run(1_000_000_000);
            var buffer = new byte[4];
            for (int i = 0; i < servers.Length; i++)
            {
                Assert.Equal(2, servers[i].Receive(buffer, false));
                int port = servers[i].RemoteEndpoint.Port;
                int index = buffer[0] | (buffer[1] << 8);
                Assert.Equal(clients[index].LocalEndpoint.Port, port);
            }
        }

        [Fact]
        public void SynFloodOfSpoofedSourcesLeavesRoomForARealClient()
        {
            var hosts = new TwoHosts();
            TcpSocket listener = TcpSocketTests.Listen(hosts.B, 0, 9002, backlog: 128);
            int buffersBefore = hosts.B.Buffers.Created;

            // 10,000 SYNs from made-up hosts, on-link and off-link, none of which will ever answer.
            hosts.B.Gateway = 0x0A00_00FE;
            for (int i = 0; i < 10_000; i++)
            {
                uint source = (i & 1) == 0 ? 0x0A00_0000u | (uint)(20 + i % 200) : 0xC633_6400u + (uint)i;
                hosts.ProbeSend(RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, source, TwoHosts.AddressB, IpProtocol.Tcp,
                    RawFrames.Tcp(source, (ushort)(1024 + i), TwoHosts.AddressB, 9002, (uint)i * 7919, 0, TcpFlags.SYN)));
                if (i % 100 == 0)
                {
                    hosts.Wire.Run(1_000_000);
                }
            }

            hosts.Wire.Run(10_000_000);
            Assert.InRange(listener.HalfOpenLength, 1, NetStack.HalfOpenLimit);
            Assert.True(hosts.B.TcpHalfOpenEvictions >= 10_000 - NetStack.HalfOpenLimit);
            Assert.InRange(hosts.B.TcpConnectionsCreated, 1, NetStack.HalfOpenLimit + 16);
            Assert.Equal(0, listener.AcceptQueueLength);

            TcpSocket client = hosts.A.CreateTcpSocket()!;
            Assert.Equal(-Errno.EINPROGRESS, client.Connect(new Ipv4Endpoint(TwoHosts.AddressB, 9002)));
            Assert.True(hosts.Wire.RunUntil(() => listener.AcceptQueueLength == 1, 5_000_000_000));
            Assert.Equal(0, listener.Accept(out TcpSocket? server));
            Assert.Equal(3, client.Send(new byte[] { 1, 2, 3 }));
            hosts.Wire.Run(100_000_000);
            Assert.Equal(3, server!.Receive(new byte[8], false));

            // The half-open connections give up after their SYN-ACK retries; the memory comes back.
            hosts.Wire.Run(300_000_000_000);
            Assert.Equal(0, listener.HalfOpenLength);
            Assert.Equal(1, hosts.B.TcpConnectionsInUse);
            Assert.InRange(hosts.B.Buffers.Created - buffersBefore, 0, 2000);
        }
    }
}
