// TCP header and option parsing and building (RFC 9293 3.1, RFC 7323, RFC 2018), against a Linux-style SYN whose
// checksum was computed independently, and the malformed option lists that must be rejected.
using System;
using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net
{
    public sealed class TcpSegmentTests
    {
        [Fact]
        public void ParsesALinuxStyleSyn()
        {
            byte[] syn = KnownPackets.LinuxStyleSyn(0x9467);
            Assert.Equal(TcpError.None, TcpSegment.Parse(syn, KnownPackets.Guest, KnownPackets.Host, true, out TcpSegment tcp, out TcpOptions options));
            Assert.Equal(40000, tcp.SourcePort);
            Assert.Equal(80, tcp.DestinationPort);
            Assert.Equal(0x01020304u, tcp.SequenceNumber);
            Assert.Equal(0u, tcp.AcknowledgmentNumber);
            Assert.Equal(40, tcp.HeaderLength);
            Assert.Equal(TcpFlags.SYN, tcp.Flags);
            Assert.True(tcp.Has(TcpFlags.SYN));
            Assert.False(tcp.Has(TcpFlags.ACK));
            Assert.Equal(64240, tcp.Window);
            Assert.Equal(0, tcp.PayloadLength);
            Assert.True(options.HasMaximumSegmentSize);
            Assert.Equal(1460, options.MaximumSegmentSize);
            Assert.True(options.SackPermitted);
            Assert.True(options.HasTimestamps);
            Assert.Equal(1u, options.TimestampValue);
            Assert.Equal(0u, options.TimestampEchoReply);
            Assert.True(options.HasWindowScale);
            Assert.Equal(7, options.WindowScale);
            Assert.Equal(0, options.SackBlockCount);
        }

        [Fact]
        public void ABadChecksumIsRejectedUnlessOffloaded()
        {
            byte[] syn = KnownPackets.LinuxStyleSyn(0x9468);
            Assert.Equal(TcpError.BadChecksum, TcpSegment.Parse(syn, KnownPackets.Guest, KnownPackets.Host, true, out _, out _));
            Assert.Equal(TcpError.None, TcpSegment.Parse(syn, KnownPackets.Guest, KnownPackets.Host, false, out _, out _));
        }

        [Fact]
        public void BuildWritesFieldsOptionsPayloadAndAValidChecksum()
        {
            TcpSegment header = default;
            header.SourcePort = 80;
            header.DestinationPort = 40000;
            header.SequenceNumber = 0xFFFF_FFFE;
            header.AcknowledgmentNumber = 0x01020305;
            header.Flags = TcpFlags.ACK | TcpFlags.PSH;
            header.Window = 501;
            header.UrgentPointer = 3;
            TcpOptions options = default;
            options.HasTimestamps = true;
            options.TimestampValue = 0xAABBCCDD;
            options.TimestampEchoReply = 1;
            Assert.True(options.AddSackBlock(new TcpSackBlock(10, 20)));
            Assert.True(options.AddSackBlock(new TcpSackBlock(30, 40)));
            byte[] buffer = new byte[128];
            Assert.Equal(TcpError.None, TcpSegment.Build(buffer, header, options, "data"u8, KnownPackets.Host, KnownPackets.Guest, out int written));
            Assert.Equal(20 + 12 + 4 + 16 + 4, written);
            Assert.Equal(0xD0, buffer[12]);   // 13 words
            Assert.Equal(new byte[] { 1, 1, 8, 10, 0xAA, 0xBB, 0xCC, 0xDD, 0, 0, 0, 1, 1, 1, 5, 18 }, buffer.AsSpan(20, 16).ToArray());
            Assert.True(TransportChecksum.Verify(KnownPackets.Host, KnownPackets.Guest, TransportChecksum.ProtocolTcp, buffer.AsSpan(0, written)));

            Assert.Equal(TcpError.None, TcpSegment.Parse(buffer.AsSpan(0, written), KnownPackets.Host, KnownPackets.Guest, true, out TcpSegment parsed, out TcpOptions parsedOptions));
            Assert.Equal(0xFFFF_FFFEu, parsed.SequenceNumber);
            Assert.Equal(0x01020305u, parsed.AcknowledgmentNumber);
            Assert.Equal(TcpFlags.ACK | TcpFlags.PSH, parsed.Flags);
            Assert.Equal(501, parsed.Window);
            Assert.Equal(3, parsed.UrgentPointer);
            Assert.Equal(4, parsed.PayloadLength);
            Assert.Equal(2, parsedOptions.SackBlockCount);
            Assert.Equal(30u, parsedOptions.GetSackBlock(1).Left);
            Assert.Equal(40u, parsedOptions.GetSackBlock(1).Right);
            Assert.Equal(0xAABBCCDDu, parsedOptions.TimestampValue);
        }

        [Fact]
        public void BuildRefusesOptionsOver40BytesAndSmallBuffers()
        {
            TcpOptions options = default;
            options.HasTimestamps = true;
            for (int i = 0; i < 4; i++)
            {
                Assert.True(options.AddSackBlock(new TcpSackBlock((uint)i, (uint)i + 1)));
            }
            Assert.False(options.AddSackBlock(default));
            Assert.Equal(-1, options.EncodedLength());   // 12 + 36: Linux sends at most 3 blocks with timestamps
            Assert.Equal(TcpError.NoRoom, TcpSegment.Build(new byte[100], default, options, default, 0, 0, out _));
            Assert.Equal(TcpError.NoRoom, TcpSegment.Build(new byte[19], default, default, default, 0, 0, out _));
            Assert.Equal(TcpError.NoRoom, TcpSegment.Build(new byte[22], default, default, "abc"u8, 0, 0, out _));
            Assert.Equal(TcpError.None, TcpSegment.Build(new byte[23], default, default, "abc"u8, 0, 0, out int written));
            Assert.Equal(23, written);
        }

        [Fact]
        public void DataOffsetIsChecked()
        {
            byte[] syn = KnownPackets.LinuxStyleSyn(0x9467);
            Assert.Equal(TcpError.TooShort, TcpSegment.Parse(syn.AsSpan(0, 19), 0, 0, false, out _, out _));
            Assert.Equal(TcpError.BadDataOffset, TcpSegment.Parse(syn.AsSpan(0, 39), 0, 0, false, out _, out _));
            syn[12] = 0x40;
            Assert.Equal(TcpError.BadDataOffset, TcpSegment.Parse(syn, 0, 0, false, out _, out _));
            syn[12] = 0x50;
            Assert.Equal(TcpError.None, TcpSegment.Parse(syn, 0, 0, false, out TcpSegment tcp, out TcpOptions options));
            Assert.Equal(20, tcp.PayloadLength);
            Assert.False(options.HasMaximumSegmentSize);
        }

        [Theory]
        [InlineData(new byte[] { 1, 1, 1, 1 })]                             // NOPs only
        [InlineData(new byte[] { 0, 2, 0, 0 })]                             // EOL ends the list, junk after it ignored
        [InlineData(new byte[] { 99, 4, 1, 2 })]                            // unknown kind skipped by length
        [InlineData(new byte[] { 99, 2, 2, 4, 0, 1, 0, 0 })]                // unknown then MSS
        [InlineData(new byte[] { 254, 6, 0xF9, 0x89, 0, 0, 1, 1 })]         // experimental (RFC 6994) skipped
        public void AcceptsWellFormedLists(byte[] area)
        {
            Assert.Equal(TcpError.None, TcpOptions.Parse(area, out _));
        }

        [Theory]
        [InlineData(new byte[] { 2 })]                                      // length byte missing
        [InlineData(new byte[] { 99, 0 })]                                  // length below 2
        [InlineData(new byte[] { 99, 1, 1, 1 })]                            // length below 2
        [InlineData(new byte[] { 99, 5, 0, 0 })]                            // runs past the area
        [InlineData(new byte[] { 2, 3, 0, 1 })]                             // MSS of the wrong length
        [InlineData(new byte[] { 3, 4, 7, 1 })]                             // window scale of the wrong length
        [InlineData(new byte[] { 4, 3, 0, 1 })]                             // SACK-permitted of the wrong length
        [InlineData(new byte[] { 5, 2, 1, 1 })]                             // SACK with no blocks
        [InlineData(new byte[] { 5, 6, 0, 0, 0, 1, 1, 1 })]                 // SACK not a multiple of 8
        [InlineData(new byte[] { 8, 8, 0, 0, 0, 1, 0, 0 })]                 // timestamps of the wrong length
        public void RejectsMalformedLists(byte[] area)
        {
            Assert.Equal(TcpError.BadOption, TcpOptions.Parse(area, out _));
        }

        [Fact]
        public void RejectsMoreThanFourSackBlocks()
        {
            byte[] area = new byte[2 + 40];
            area[0] = TcpOptions.KindSack;
            area[1] = 42;
            Assert.Equal(TcpError.BadOption, TcpOptions.Parse(area, out _));
            area[1] = 34;
            Assert.Equal(TcpError.None, TcpOptions.Parse(area, out TcpOptions options));
            Assert.Equal(4, options.SackBlockCount);
        }

        [Fact]
        public void AMalformedOptionRejectsTheSegment()
        {
            byte[] syn = KnownPackets.LinuxStyleSyn(0);
            syn[21] = 5;   // MSS length 5
            Assert.Equal(TcpError.BadOption, TcpSegment.Parse(syn, 0, 0, false, out _, out _));
        }
    }
}
