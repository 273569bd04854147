// Feeds over a million random and mutated frames (seeded, deterministic) to the Ethernet, ARP, IPv4 and ICMP parsers:
// none may throw (an out-of-range span index throws on the host, where the kernel would panic), every accepted
// packet must re-serialize to the bytes it was parsed from, and the mutator must reach every parser's success path.

using System;
using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net
{
    public sealed class ParserFuzzTests
    {
        private const int Frames = 1_000_000;

        private sealed class Counts
        {
            public int Ethernet;
            public int Arp;
            public int Ipv4;
            public int Ipv4WithOptions;
            public int Icmp;
            public int Unreachable;
            public int Rejected;
        }

        [Fact]
        public void AMillionRandomAndMutatedFramesNeverFaultAndRoundTrip()
        {
            var random = new Random(20261128);
            byte[] buffer = new byte[160];
            var counts = new Counts();
            for (int i = 0; i < Frames; i++)
            {
                int length = Generate(random, buffer);
                ReadOnlySpan<byte> frame = buffer.AsSpan(0, length);
                CheckFrame(frame, counts);

                // The same bytes seen directly as each protocol, without the Ethernet header in front.
                CheckArp(frame, counts);
                CheckIpv4(frame, counts);
                CheckIcmp(frame, counts);
            }

            // The mutator must reach deep into every parser, or the round-trip assertions prove nothing.
            Assert.True(counts.Ethernet > Frames / 2, "ethernet " + counts.Ethernet);
            Assert.True(counts.Arp > 10_000, "arp " + counts.Arp);
            Assert.True(counts.Ipv4 > 10_000, "ipv4 " + counts.Ipv4);
            Assert.True(counts.Ipv4WithOptions > 1_000, "ipv4 with options " + counts.Ipv4WithOptions);
            Assert.True(counts.Icmp > 10_000, "icmp " + counts.Icmp);
            Assert.True(counts.Unreachable > 1_000, "unreachable " + counts.Unreachable);
            Assert.True(counts.Rejected > 100_000, "rejected " + counts.Rejected);
        }

        private static void CheckFrame(ReadOnlySpan<byte> frame, Counts counts)
        {
            if (EthernetFrame.Parse(frame, out EthernetFrame ethernet) != NetError.None)
            {
                Assert.True(frame.Length < EthernetFrame.HeaderLength);
                return;
            }

            counts.Ethernet++;
            Span<byte> header = stackalloc byte[EthernetFrame.HeaderLength];
            Assert.Equal(EthernetFrame.HeaderLength, ethernet.Write(header));
            Assert.True(header.SequenceEqual(frame.Slice(0, EthernetFrame.HeaderLength)));

            ReadOnlySpan<byte> payload = frame.Slice(EthernetFrame.HeaderLength);
            if (ethernet.EtherType == EtherType.Arp)
            {
                CheckArp(payload, counts);
            }
            else if (ethernet.EtherType == EtherType.Ipv4)
            {
                CheckIpv4(payload, counts);
            }
        }

        private static void CheckArp(ReadOnlySpan<byte> packet, Counts counts)
        {
            NetError error = ArpPacket.Parse(packet, out ArpPacket arp);
            if (error != NetError.None)
            {
                counts.Rejected++;
                return;
            }

            counts.Arp++;
            Span<byte> bytes = stackalloc byte[ArpPacket.Length];
            Assert.Equal(ArpPacket.Length, arp.Write(bytes));
            Assert.True(bytes.SequenceEqual(packet.Slice(0, ArpPacket.Length)));
        }

        private static void CheckIpv4(ReadOnlySpan<byte> packet, Counts counts)
        {
            NetError error = Ipv4Header.Parse(packet, out Ipv4Header header);
            if (error != NetError.None)
            {
                counts.Rejected++;
                return;
            }

            counts.Ipv4++;
            Assert.InRange(header.HeaderLength, Ipv4Header.MinimumLength, 60);
            Assert.InRange(header.TotalLength, header.HeaderLength, packet.Length);
            if (header.HeaderLength == Ipv4Header.MinimumLength)
            {
                Span<byte> bytes = stackalloc byte[Ipv4Header.MinimumLength];
                Ipv4Header copy = header;
                Assert.Equal(Ipv4Header.MinimumLength, copy.Write(bytes));
                AssertSameWithChecksumAt(bytes, packet.Slice(0, Ipv4Header.MinimumLength), 10);
            }
            else
            {
                counts.Ipv4WithOptions++;
            }

            if (header.Protocol == IpProtocol.Icmp)
            {
                CheckIcmp(packet.Slice(header.HeaderLength, header.PayloadLength), counts);
            }
        }

        private static void CheckIcmp(ReadOnlySpan<byte> message, Counts counts)
        {
            NetError error = IcmpMessage.Parse(message, out IcmpMessage icmp);
            if (error != NetError.None)
            {
                counts.Rejected++;
                return;
            }

            counts.Icmp++;
            if (icmp.Type == IcmpMessage.TypeDestinationUnreachable)
            {
                counts.Unreachable++;
            }

            Span<byte> bytes = stackalloc byte[message.Length];
            Assert.Equal(message.Length, icmp.Write(bytes, message.Slice(IcmpMessage.HeaderLength)));
            AssertSameWithChecksumAt(bytes, message, 2);
        }

        // 0x0000 and 0xFFFF are both zero in one's complement; when the other words sum to negative zero both verify,
        // and a builder always writes 0x0000 (RFC 1624 section 3), so the two count as the same checksum.
        private static void AssertSameWithChecksumAt(ReadOnlySpan<byte> built, ReadOnlySpan<byte> parsed, int offset)
        {
            for (int i = 0; i < built.Length; i++)
            {
                if (i == offset || i == offset + 1)
                {
                    continue;
                }

                Assert.Equal(parsed[i], built[i]);
            }

            int a = (built[offset] << 8) | built[offset + 1];
            int b = (parsed[offset] << 8) | parsed[offset + 1];
            Assert.True(a == b || (a == 0 && b == 0xFFFF), "checksum " + a + " vs " + b);
        }

        // Writes one test frame into buffer and returns its length: a fully random frame, or a valid ARP, ICMP echo or
        // ICMP unreachable frame (sometimes with IPv4 options), then mutated by flips, truncation or re-checksumming.
        private static int Generate(Random random, byte[] buffer)
        {
            int kind = random.Next(10);
            if (kind == 0)
            {
                int length = random.Next(buffer.Length + 1);
                random.NextBytes(buffer.AsSpan(0, length));
                return length;
            }

            int frameLength = kind <= 3 ? BuildArp(random, buffer) : BuildIcmp(random, buffer, kind <= 5);
            int mutation = random.Next(4);
            if (mutation == 1)
            {
                int flips = random.Next(1, 4);
                for (int f = 0; f < flips; f++)
                {
                    buffer[random.Next(frameLength)] ^= (byte)(1 << random.Next(8));
                }
            }
            else if (mutation == 2)
            {
                frameLength = random.Next(frameLength + 1);
            }
            else if (mutation == 3 && kind > 3)
            {
                // Corrupt a header field but fix the IPv4 checksum, so the later checks (lengths, flags, ICMP) see it.
                int headerLength = (buffer[14] & 0xF) * 4;
                buffer[14 + random.Next(headerLength)] = (byte)random.Next(256);
                int fixedLength = (buffer[14] & 0xF) * 4;
                if (fixedLength >= 20 && 14 + fixedLength <= frameLength)
                {
                    buffer[24] = 0;
                    buffer[25] = 0;
                    ushort checksum = InternetChecksum.Compute(buffer.AsSpan(14, fixedLength));
                    buffer[24] = (byte)(checksum >> 8);
                    buffer[25] = (byte)checksum;
                }
            }

            return frameLength;
        }

        private static int BuildArp(Random random, byte[] buffer)
        {
            var ethernet = new EthernetFrame { Destination = EthernetFrame.BroadcastMac, Source = RandomMac(random), EtherType = EtherType.Arp };
            ethernet.Write(buffer);
            ArpPacket arp = ArpPacket.Request(ethernet.Source, (uint)random.Next(), (uint)random.Next());
            if (random.Next(2) == 0)
            {
                arp = ArpPacket.ReplyTo(arp, RandomMac(random));
            }

            arp.Write(buffer.AsSpan(EthernetFrame.HeaderLength));
            int padding = random.Next(19);
            buffer.AsSpan(EthernetFrame.HeaderLength + ArpPacket.Length, padding).Clear();
            return EthernetFrame.HeaderLength + ArpPacket.Length + padding;
        }

        private static int BuildIcmp(Random random, byte[] buffer, bool echo)
        {
            var ethernet = new EthernetFrame { Destination = RandomMac(random), Source = RandomMac(random), EtherType = EtherType.Ipv4 };
            ethernet.Write(buffer);
            int options = random.Next(3) == 0 ? 4 * random.Next(1, 6) : 0;
            int ipLength = 20 + options;
            Span<byte> icmpSpace = buffer.AsSpan(EthernetFrame.HeaderLength + ipLength);
            int icmpLength;
            if (echo)
            {
                var icmp = new IcmpMessage
                {
                    Type = random.Next(2) == 0 ? IcmpMessage.TypeEchoRequest : IcmpMessage.TypeEchoReply,
                    Identifier = (ushort)random.Next(0x10000),
                    Sequence = (ushort)random.Next(0x10000),
                };
                byte[] body = new byte[random.Next(0, 57)];
                random.NextBytes(body);
                icmpLength = icmp.Write(icmpSpace, body);
            }
            else
            {
                byte[] original = new byte[28 + random.Next(0, 20)];
                random.NextBytes(original);
                original[0] = 0x45;
                icmpLength = IcmpMessage.WriteDestinationUnreachable(icmpSpace, (byte)random.Next(16), (ushort)random.Next(0x10000), original);
            }

            var ip = new Ipv4Header
            {
                TotalLength = (ushort)(ipLength + icmpLength),
                Identification = (ushort)random.Next(0x10000),
                DontFragment = random.Next(2) == 0,
                TimeToLive = (byte)random.Next(256),
                Protocol = IpProtocol.Icmp,
                Source = (uint)random.Next(),
                Destination = (uint)random.Next(),
            };
            Span<byte> ipHeader = buffer.AsSpan(EthernetFrame.HeaderLength, ipLength);
            ip.Write(ipHeader);
            if (options > 0)
            {
                // NOP options (type 1), then re-checksum the longer header.
                ipHeader[0] = (byte)(0x40 | (ipLength / 4));
                ipHeader.Slice(20).Fill(1);
                ipHeader[10] = 0;
                ipHeader[11] = 0;
                ushort checksum = InternetChecksum.Compute(ipHeader);
                ipHeader[10] = (byte)(checksum >> 8);
                ipHeader[11] = (byte)checksum;
            }

            return EthernetFrame.HeaderLength + ipLength + icmpLength;
        }

        private static ulong RandomMac(Random random) => ((ulong)(uint)random.Next() << 16 | (uint)random.Next(0x10000)) & EthernetFrame.BroadcastMac;
    }
}
