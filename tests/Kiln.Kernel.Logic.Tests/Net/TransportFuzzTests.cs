// Seeded property tests: over a million random and mutated UDP datagrams and TCP segments each go through the
// parsers, which must never fault; whatever they accept must be self-consistent and re-serialize to what was
// parsed, and everything the builders produce must parse back unchanged.
using System;
using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net
{
    public sealed class TransportFuzzTests
    {
        private const uint Source = 0x0A00020F;
        private const uint Destination = 0x0A000202;

        [Fact]
        public void TcpParserSurvivesAMillionRandomAndMutatedSegments()
        {
            var random = new Random(20261128);
            byte[] frame = new byte[128];
            byte[] rebuilt = new byte[128];
            byte[] payload = new byte[40];
            int accepted = 0;
            int rejected = 0;
            for (int iteration = 0; iteration < 1_000_000; iteration++)
            {
                int length;
                bool pristine = false;
                TcpSegment built = default;
                TcpOptions builtOptions = default;
                if (iteration % 4 == 0)
                {
                    length = random.Next(0, 100);
                    random.NextBytes(frame.AsSpan(0, length));
                }
                else
                {
                    built = RandomHeader(random);
                    builtOptions = RandomOptions(random);
                    int payloadLength = random.Next(0, payload.Length);
                    random.NextBytes(payload.AsSpan(0, payloadLength));
                    Assert.Equal(TcpError.None, TcpSegment.Build(frame, built, builtOptions, payload.AsSpan(0, payloadLength), Source, Destination, out length));
                    pristine = Mutate(random, frame, ref length);
                }

                bool verify = random.Next(2) == 0;
                TcpError error = TcpSegment.Parse(frame.AsSpan(0, length), Source, Destination, verify, out TcpSegment tcp, out TcpOptions options);
                if (pristine)
                {
                    Assert.Equal(TcpError.None, error);
                    AssertSameHeader(built, tcp);
                    AssertSameOptions(builtOptions, options);
                }
                if (error != TcpError.None)
                {
                    rejected++;
                    continue;
                }
                accepted++;
                Assert.InRange(tcp.HeaderLength, TcpSegment.MinHeaderSize, length);
                Assert.Equal(length - tcp.HeaderLength, tcp.PayloadLength);
                Assert.InRange(options.SackBlockCount, 0, TcpOptions.MaxSackBlocks);
                if (options.EncodedLength() < 0)
                {
                    continue;   // e.g. four SACK blocks with timestamps: parseable, but more than Kiln sends
                }
                ReadOnlySpan<byte> data = frame.AsSpan(tcp.HeaderLength, tcp.PayloadLength);
                Assert.Equal(TcpError.None, TcpSegment.Build(rebuilt, tcp, options, data, Source, Destination, out int rebuiltLength));
                Assert.Equal(TcpError.None, TcpSegment.Parse(rebuilt.AsSpan(0, rebuiltLength), Source, Destination, true, out TcpSegment again, out TcpOptions againOptions));
                AssertSameHeader(tcp, again);
                AssertSameOptions(options, againOptions);
                Assert.True(data.SequenceEqual(rebuilt.AsSpan(again.HeaderLength, again.PayloadLength)));
                if (pristine)
                {
                    Assert.True(frame.AsSpan(0, length).SequenceEqual(rebuilt.AsSpan(0, rebuiltLength)));
                }
            }
            Assert.True(accepted > 100_000, "accepted " + accepted);
            Assert.True(rejected > 100_000, "rejected " + rejected);
        }

        [Fact]
        public void UdpParserSurvivesAMillionRandomAndMutatedDatagrams()
        {
            var random = new Random(768);
            byte[] frame = new byte[80];
            byte[] rebuilt = new byte[80];
            byte[] payload = new byte[64];
            int accepted = 0;
            int rejected = 0;
            for (int iteration = 0; iteration < 1_000_000; iteration++)
            {
                int length;
                bool pristine = false;
                ushort sourcePort = 0;
                ushort destinationPort = 0;
                int payloadLength = 0;
                if (iteration % 4 == 0)
                {
                    length = random.Next(0, 40);
                    random.NextBytes(frame.AsSpan(0, length));
                }
                else
                {
                    sourcePort = (ushort)random.Next(65536);
                    destinationPort = (ushort)random.Next(65536);
                    payloadLength = random.Next(0, payload.Length);
                    random.NextBytes(payload.AsSpan(0, payloadLength));
                    Assert.Equal(UdpError.None, UdpDatagram.Build(frame, sourcePort, destinationPort, payload.AsSpan(0, payloadLength), Source, Destination, out length));
                    pristine = Mutate(random, frame, ref length);
                }

                UdpError error = UdpDatagram.Parse(frame.AsSpan(0, length), Source, Destination, out UdpDatagram udp);
                if (pristine)
                {
                    Assert.Equal(UdpError.None, error);
                    Assert.Equal(sourcePort, udp.SourcePort);
                    Assert.Equal(destinationPort, udp.DestinationPort);
                    Assert.Equal(payloadLength, udp.PayloadLength);
                    Assert.NotEqual(0, udp.Checksum);
                }
                if (error != UdpError.None)
                {
                    rejected++;
                    continue;
                }
                accepted++;
                Assert.InRange(udp.Length, UdpDatagram.HeaderSize, length);
                ReadOnlySpan<byte> data = frame.AsSpan(udp.PayloadOffset, udp.PayloadLength);
                Assert.Equal(UdpError.None, UdpDatagram.Build(rebuilt, udp.SourcePort, udp.DestinationPort, data, Source, Destination, out int rebuiltLength));
                Assert.Equal(udp.Length, rebuiltLength);
                if (udp.Checksum != 0)
                {
                    Assert.True(frame.AsSpan(0, udp.Length).SequenceEqual(rebuilt.AsSpan(0, rebuiltLength)));
                }
                Assert.Equal(UdpError.None, UdpDatagram.Parse(rebuilt.AsSpan(0, rebuiltLength), Source, Destination, out UdpDatagram again));
                Assert.Equal(udp.Length, again.Length);
            }
            Assert.True(accepted > 100_000, "accepted " + accepted);
            Assert.True(rejected > 100_000, "rejected " + rejected);
        }

        /// <summary>Flips bytes, truncates or leaves the frame alone; true when it was left alone.</summary>
        private static bool Mutate(Random random, byte[] frame, ref int length)
        {
            switch (random.Next(4))
            {
                case 0:
                    return true;
                case 1:
                    length = random.Next(0, length + 1);
                    return false;
                default:
                    int flips = 1 + random.Next(3);
                    for (int i = 0; i < flips && length > 0; i++)
                    {
                        frame[random.Next(length)] ^= (byte)(1 + random.Next(255));
                    }
                    return false;
            }
        }

        private static TcpSegment RandomHeader(Random random)
        {
            TcpSegment header = default;
            header.SourcePort = (ushort)random.Next(65536);
            header.DestinationPort = (ushort)random.Next(65536);
            header.SequenceNumber = (uint)random.NextInt64(0, 1L << 32);
            header.AcknowledgmentNumber = (uint)random.NextInt64(0, 1L << 32);
            header.Flags = (byte)random.Next(256);
            header.Window = (ushort)random.Next(65536);
            header.UrgentPointer = (ushort)random.Next(65536);
            return header;
        }

        private static TcpOptions RandomOptions(Random random)
        {
            TcpOptions options = default;
            options.HasMaximumSegmentSize = random.Next(2) == 0;
            options.MaximumSegmentSize = options.HasMaximumSegmentSize ? (ushort)random.Next(65536) : (ushort)0;
            options.HasWindowScale = random.Next(2) == 0;
            options.WindowScale = options.HasWindowScale ? (byte)random.Next(256) : (byte)0;
            options.SackPermitted = random.Next(2) == 0;
            options.HasTimestamps = random.Next(2) == 0;
            if (options.HasTimestamps)
            {
                options.TimestampValue = (uint)random.NextInt64(0, 1L << 32);
                options.TimestampEchoReply = (uint)random.NextInt64(0, 1L << 32);
            }
            int blocks = random.Next(0, 5);
            for (int i = 0; i < blocks; i++)
            {
                options.AddSackBlock(new TcpSackBlock((uint)random.NextInt64(0, 1L << 32), (uint)random.NextInt64(0, 1L << 32)));
                if (options.EncodedLength() < 0)
                {
                    options.SackBlockCount--;   // drop the block that does not fit
                    break;
                }
            }
            return options;
        }

        private static void AssertSameHeader(TcpSegment expected, TcpSegment actual)
        {
            Assert.Equal(expected.SourcePort, actual.SourcePort);
            Assert.Equal(expected.DestinationPort, actual.DestinationPort);
            Assert.Equal(expected.SequenceNumber, actual.SequenceNumber);
            Assert.Equal(expected.AcknowledgmentNumber, actual.AcknowledgmentNumber);
            Assert.Equal(expected.Flags, actual.Flags);
            Assert.Equal(expected.Window, actual.Window);
            Assert.Equal(expected.UrgentPointer, actual.UrgentPointer);
        }

        private static void AssertSameOptions(TcpOptions expected, TcpOptions actual)
        {
            Assert.Equal(expected.HasMaximumSegmentSize, actual.HasMaximumSegmentSize);
            Assert.Equal(expected.MaximumSegmentSize, actual.MaximumSegmentSize);
            Assert.Equal(expected.HasWindowScale, actual.HasWindowScale);
            Assert.Equal(expected.WindowScale, actual.WindowScale);
            Assert.Equal(expected.SackPermitted, actual.SackPermitted);
            Assert.Equal(expected.HasTimestamps, actual.HasTimestamps);
            Assert.Equal(expected.TimestampValue, actual.TimestampValue);
            Assert.Equal(expected.TimestampEchoReply, actual.TimestampEchoReply);
            Assert.Equal(expected.SackBlockCount, actual.SackBlockCount);
            for (int i = 0; i < expected.SackBlockCount; i++)
            {
                Assert.Equal(expected.GetSackBlock(i).Left, actual.GetSackBlock(i).Left);
                Assert.Equal(expected.GetSackBlock(i).Right, actual.GetSackBlock(i).Right);
            }
        }
    }
}
