// A second wave of clients after a first wave closed (the redis-benchmark sequence through QEMU's slirp): 50 clients
// connect to a listener, exchange a request and a reply, the CLIENT closes first and the server closes after reading
// EOF; then 50 new clients connect, from fresh ports or from the very ports of the first wave. Every one of them
// must be accepted: nothing the first wave left behind may drop or misanswer a later SYN. (The redis stall that
// prompted this test was QEMU slirp's hostfwd listener, listen(fd, 1) on the host, not this stack: the guest never
// saw the stuck connections' SYNs. This test pins down that the stack's side of that sequence is sound.)
using System;
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Sockets;
using Kiln.Net.Stack;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class TcpReconnectTests
    {
        private const int Clients = 50;

        [Theory]
        [InlineData(false, 0L)]
        [InlineData(true, 61_000_000_000L)]
        [InlineData(true, 2_000_000_000L)]
        public void ASecondWaveOfClientsIsAcceptedAfterTheFirstClosed(bool reusePorts, long pauseNs)
        {
            var hosts = new TwoHosts();
            TcpSocket listener = TcpSocketTests.Listen(hosts.B, 0, 6390, backlog: 511);
            RunWave(hosts, listener, 0, reusePorts);
            hosts.Wire.Run(pauseNs);
            if (reusePorts)
            {
                // The client's TIME-WAIT connections on those ports give way, as Linux's tcp_tw_reuse lets them.
                hosts.Clock.Advance(61_000_000_000);
                hosts.A.RunTimers();
            }

            for (int wave = 1; wave < 4; wave++)
            {
                RunWave(hosts, listener, wave, reusePorts);
                hosts.Wire.Run(pauseNs);
                if (reusePorts)
                {
                    hosts.Clock.Advance(61_000_000_000);
                    hosts.A.RunTimers();
                }
            }
        }

        private static void RunWave(TwoHosts hosts, TcpSocket listener, int wave, bool reusePorts)
        {
            var clients = new TcpSocket[Clients];
            var servers = new TcpSocket?[Clients];
            for (int i = 0; i < Clients; i++)
            {
                clients[i] = hosts.A.CreateTcpSocket()!;
                if (reusePorts)
                {
                    clients[i].ReuseAddress = true;
                    Assert.Equal(0, clients[i].Bind(new Ipv4Endpoint(TwoHosts.AddressA, (ushort)(40000 + i))));
                }

                Assert.Equal(-Errno.EINPROGRESS, clients[i].Connect(new Ipv4Endpoint(TwoHosts.AddressB, 6390)));
            }

            int accepted = 0;
            bool all = hosts.Wire.RunUntil(() =>
            {
                while (accepted < Clients && listener.Accept(out TcpSocket? s) == 0)
                {
                    servers[accepted++] = s!;
                }

                return accepted == Clients;
            }, 30_000_000_000);
            Assert.True(all, $"wave {wave}: {accepted} of {Clients} accepted; half-open {listener.HalfOpenLength}, B connections {hosts.B.TcpConnectionCount}");

            // A third of the clients leave before their reply comes (the reply then meets a RST), a third close
            // with the reply unread (RST), the rest read it and close with FIN; the server closes after EOF or error.
            var request = new byte[45];
            var buffer = new byte[256];
            foreach (TcpSocket client in clients)
            {
                Assert.Equal(45, client.Send(request));
            }

            Assert.True(hosts.Wire.RunUntil(() => Array.TrueForAll(servers, s => (s!.PollEvents & PollEvents.EPOLLIN) != 0), 10_000_000_000));
            for (int i = 0; i < Clients; i += 3)
            {
                clients[i].Close(false);
            }

            hosts.Wire.Run(1_000_000);
            foreach (TcpSocket? server in servers)
            {
                Assert.Equal(45, server!.Receive(buffer, false));
                server.Send(new byte[] { (byte)'+', (byte)'O', (byte)'K', 13, 10 });
            }

            hosts.Wire.Run(100_000_000);
            for (int i = 0; i < Clients; i++)
            {
                if (i % 3 == 2)
                {
                    Assert.Equal(5, clients[i].Receive(buffer, false));
                }

                if (i % 3 != 0)
                {
                    clients[i].Close(false);
                }
            }

            Assert.True(hosts.Wire.RunUntil(() => Array.TrueForAll(servers, s => (s!.PollEvents & (PollEvents.EPOLLIN | PollEvents.EPOLLERR | PollEvents.EPOLLHUP)) != 0), 10_000_000_000));
            foreach (TcpSocket? server in servers)
            {
                server!.Receive(buffer, false);
                server.Close(false);
            }

            hosts.Wire.Run(1_000_000_000);
            Assert.Equal(0, hosts.B.TcpConnectionCount);
        }
    }
}
