// Tests for HostForwardBacklog: finding a listener's inode in /proc/net/tcp, and raising the backlog of a socket that
// listens with a backlog of 1 (as libslirp's hostfwd sockets do) so that connections opened back to back, none yet
// accepted, all complete at once instead of waiting for the client's 1 s SYN retransmission.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kiln.Host;
using Xunit;

namespace Kiln.Host.Tests.Network
{
    public class HostForwardBacklogTests
    {
        private const string ProcNetTcp =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" +
            "   0: 0100007F:1F90 0100007F:B3A2 01 00000000:00000000 00:00000000 00000000  1000        0 5555 1 0000000000000000 20 4 0 10 -1\n" +
            "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 123456 1 0000000000000000 100 0 0 10 0\n" +
            "   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0\n";

        [Fact]
        public void Finds_the_listening_socket_of_a_port_not_its_connections()
        {
            Assert.Equal(123456UL, HostForwardBacklog.FindListenerInode(ProcNetTcp, 8080));
            Assert.Equal(777UL, HostForwardBacklog.FindListenerInode(ProcNetTcp, 22));
            Assert.Null(HostForwardBacklog.FindListenerInode(ProcNetTcp, 8081));
            Assert.Null(HostForwardBacklog.FindListenerInode("", 8080));
        }

        [Fact]
        public void Connections_opened_back_to_back_complete_once_the_backlog_is_raised()
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            int port = ((IPEndPoint)listener.LocalEndPoint!).Port;

            // This process stands in for QEMU: pidfd_getfd on oneself is allowed.
            Assert.True(HostForwardBacklog.TryRaise(Environment.ProcessId, port), "the listener was not found or listen() failed");

            // With a backlog of 1 the third unaccepted connection's SYN is dropped and its connect takes a second.
            var clients = new List<Socket>();
            try
            {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < 16; i++)
                {
                    var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    clients.Add(client);
                    client.Connect(IPAddress.Loopback, port);
                }

                Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(900), $"16 connects took {clock.ElapsedMilliseconds} ms");
            }
            finally
            {
                foreach (Socket client in clients)
                {
                    client.Dispose();
                }
            }
        }
    }
}
