// A million random and mutated frames into NetStack.Receive (seeded): nothing may throw (on the host an out-of-range
// index throws where the kernel would panic), and afterwards the stack still answers and its memory is bounded.
// Mutations start from valid ARP, ICMP, UDP (whole and fragmented), TCP SYN/ACK/data and DHCP frames addressed to
// the stack, so the parsers' success paths and the protocol handlers behind them are reached, not just rejected.
using System;
using System.Collections.Generic;
using Kiln.Net;
using Kiln.Net.Sockets;
using Kiln.Net.Stack;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class NetStackFuzzTests
    {
        [Fact]
        public void AMillionRandomAndMutatedFramesNeverFault()
        {
            var hosts = new TwoHosts();
            NetStack stack = hosts.B;
            TcpSocketTests.Listen(stack, 0, 80);
            UdpSocket udp = stack.CreateUdpSocket()!;
            udp.Bind(new Ipv4Endpoint(0, 53));
            stack.StartDhcp(hosts.InterfaceB);

            uint peer = TwoHosts.ProbeAddress;
            var seeds = new List<byte[]>
            {
                RawFrames.Arp(TwoHosts.ProbeMac, EthernetFrame.BroadcastMac, ArpPacket.Request(TwoHosts.ProbeMac, peer, TwoHosts.AddressB)),
                RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, peer, TwoHosts.AddressB, IpProtocol.Icmp, RawFrames.EchoRequest(1, 2, new byte[32])),
                RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, peer, TwoHosts.AddressB, IpProtocol.Udp, RawFrames.Udp(peer, 999, TwoHosts.AddressB, 53, new byte[40])),
                RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, peer, TwoHosts.AddressB, IpProtocol.Udp, RawFrames.Udp(peer, 999, TwoHosts.AddressB, 54, new byte[40])),
                RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, peer, TwoHosts.AddressB, IpProtocol.Udp, new byte[64], 77, 0, true),
                RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, peer, TwoHosts.AddressB, IpProtocol.Tcp, RawFrames.Tcp(peer, 5000, TwoHosts.AddressB, 80, 100, 0, TcpFlags.SYN)),
                RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, peer, TwoHosts.AddressB, IpProtocol.Tcp, RawFrames.Tcp(peer, 5000, TwoHosts.AddressB, 80, 101, 1, TcpFlags.ACK)),
                RawFrames.Ipv4(TwoHosts.ProbeMac, TwoHosts.MacB, peer, TwoHosts.AddressB, IpProtocol.Tcp, RawFrames.Tcp(peer, 5001, TwoHosts.AddressB, 81, 100, 0, TcpFlags.SYN)),
                RawFrames.Ipv4(TwoHosts.ProbeMac, EthernetFrame.BroadcastMac, peer, 0xFFFF_FFFF, IpProtocol.Udp, RawFrames.Udp(peer, 67, 0xFFFF_FFFF, 68, new byte[300])),
            };

            // What the stack answers goes nowhere while the fuzz runs (nothing would deliver it anyway).
            int answers = 0;
            hosts.Wire.Filter = frame =>
            {
                answers++;
                return false;
            };
            var random = new Random(20261128);
            var buffer = new byte[1600];
            for (int i = 0; i < 1_000_000; i++)
            {
                int length;
                if (i % 10 == 0)
                {
                    length = random.Next(0, 200);
                    random.NextBytes(buffer.AsSpan(0, length));
                }
                else
                {
                    byte[] seed = seeds[random.Next(seeds.Count)];
                    length = seed.Length;
                    seed.CopyTo(buffer, 0);
                    int flips = random.Next(1, 6);
                    for (int f = 0; f < flips; f++)
                    {
                        // Mostly the headers, where the parsers decide.
                        int at = random.Next(0, random.Next(2) == 0 ? Math.Min(length, 60) : length);
                        buffer[at] = (byte)random.Next(256);
                    }

                    if (random.Next(8) == 0)
                    {
                        length = random.Next(0, length + 1);
                    }
                }

                stack.Receive(hosts.InterfaceB, buffer.AsSpan(0, length));
                if (i % 1000 == 0)
                {
                    hosts.Clock.Advance(50_000_000);
                    stack.RunTimers();
                }
            }

            // Still alive and bounded.
            hosts.Wire.Filter = null;
            Assert.True(answers > 1000);
            var drain = new byte[2048];
            while (udp.ReceiveFrom(drain, false, out _, out _) >= 0)
            {
            }

            Assert.InRange(stack.Buffers.OutstandingBytes, 0, 16L * 1024 * 1024);
            Assert.InRange(stack.TcpConnectionsInUse, 0, NetStack.HalfOpenLimit + 64);
            UdpSocket client = hosts.A.CreateUdpSocket()!;
            client.SendTo(new byte[] { 42 }, new Ipv4Endpoint(TwoHosts.AddressB, 53));
            hosts.Wire.Run(10_000_000);
            long n;
            var one = new byte[1];
            do
            {
                n = udp.ReceiveFrom(one, false, out Ipv4Endpoint from, out _);
                if (n == 1 && from.Address == TwoHosts.AddressA)
                {
                    break;
                }
            }
            while (n >= 0);

            Assert.Equal(42, one[0]);
        }
    }
}
