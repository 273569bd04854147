// Regression: full-sized loopback segments (MSS 65,483 with timestamps, from the 64 KiB loopback MTU) were never
// sent. The connection asked its owner for room for the 60-byte maximum header plus the payload, 65,543 bytes, which
// is more than a 65,535-byte datagram holds, so every such segment was "lost" and retransmitted for ever. Programs
// saw it as loopback TCP stalling once they wrote 64 KiB pieces (tcpecho, epollsock in the guest).
using Kiln.Net;
using Kiln.Net.Sockets;
using Kiln.Net.Stack;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class LoopbackFullSegmentTests
    {
        [Fact]
        public void Given_kernel_sized_buffers_When_64KiB_pieces_cross_loopback_Then_every_byte_arrives_in_order()
        {
            var hosts = new TwoHosts();
            NetStack stack = hosts.A;
            TcpSocket listener = stack.CreateTcpSocket()!;
            listener.Options.ReceiveBufferSize = 212992;
            listener.Options.SendBufferSize = 212992;
            Assert.Equal(0, listener.Bind(new Ipv4Endpoint(NetStack.LoopbackAddress, 9000)));
            Assert.Equal(0, listener.Listen(4));
            TcpSocket client = stack.CreateTcpSocket()!;
            client.Options.ReceiveBufferSize = 212992;
            client.Options.SendBufferSize = 212992;
            client.Connect(new Ipv4Endpoint(NetStack.LoopbackAddress, 9000));
            Assert.Equal(0, listener.Accept(out TcpSocket? server));

            byte[] piece = new byte[65536];
            byte[] sink = new byte[65536];
            long sent = 0;
            long received = 0;
            const long total = 8L << 20;
            for (int round = 0; round < 5000 && received < total; round++)
            {
                while (sent < total)
                {
                    for (int i = 0; i < piece.Length; i++)
                    {
                        piece[i] = (byte)((sent + i) * 7 + 3);
                    }

                    long n = client.Send(new System.ReadOnlySpan<byte>(piece, 0, (int)System.Math.Min(piece.Length, total - sent)));
                    if (n <= 0)
                    {
                        break;
                    }

                    sent += n;
                }

                long r;
                while ((r = server!.Receive(sink, false)) > 0)
                {
                    for (int i = 0; i < r; i++)
                    {
                        Assert.Equal((byte)((received + i) * 7 + 3), sink[i]);
                    }

                    received += r;
                }

                hosts.Wire.Run(1_000_000);
            }

            Assert.Equal(total, received);
        }
    }
}
