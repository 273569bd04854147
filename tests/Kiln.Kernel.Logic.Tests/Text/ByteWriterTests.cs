// ByteWriter tests: numbers in decimal, padded decimal, hex and fixed point as seq_file prints them, left-aligned
// columns, seq_setwidth/seq_pad, and that a full buffer reports overflow instead of writing past its end.

using System;
using System.Text;
using Kiln.Text;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Text
{
    public sealed class ByteWriterTests
    {
        [Fact]
        public void FormatsNumbersAsLinuxSeqFileDoes()
        {
            byte[] buffer = new byte[256];
            ByteWriter writer = new ByteWriter(buffer);

            writer.Decimal(0UL);
            writer.Append(' ');
            writer.Decimal(-17L);
            writer.Append(' ');
            writer.Decimal(long.MinValue);
            writer.Append(' ');
            writer.Decimal(ulong.MaxValue);
            writer.Append(' ');
            writer.Decimal(42, 8, (byte)' ');
            writer.Append(' ');
            writer.Hex(0x1000, 8);
            writer.Append(' ');
            writer.Hex(0x7ffd12345678, 8);
            writer.Append(' ');
            writer.Fixed(12345, 2);
            writer.Append(' ');
            writer.Fixed(2000007, 3);

            Assert.False(writer.Overflowed);
            Assert.Equal(
                "0 -17 -9223372036854775808 18446744073709551615       42 00001000 7ffd12345678 123.45 2000.007",
                Encoding.ASCII.GetString(writer.Written));
        }

        [Fact]
        public void LeftAlignedColumnsAndPaddingToAWidth()
        {
            byte[] buffer = new byte[128];
            ByteWriter writer = new ByteWriter(buffer);

            writer.LeftAligned("Max open files", 25);
            writer.Append('|');
            writer.LeftAligned(1024, 6);
            writer.Append('|');
            writer.SetWidth(10);
            writer.Append("abc");
            writer.Pad((byte)'!');
            writer.SetWidth(2);
            writer.Append("long");
            writer.Pad(0);

            Assert.Equal("Max open files           |1024  |abc       !long", Encoding.ASCII.GetString(writer.Written));
        }

        [Fact]
        public void AFullBufferOverflowsWithoutWritingPastItsEnd()
        {
            byte[] backing = new byte[8];
            ByteWriter writer = new ByteWriter(backing.AsSpan(0, 4));

            writer.Append("abcdef");

            Assert.True(writer.Overflowed);
            Assert.Equal("abcd", Encoding.ASCII.GetString(writer.Written));
            Assert.Equal(new byte[4], backing.AsSpan(4).ToArray());
        }

        [Fact]
        public void AppendUntilNulStopsAtTheFirstNul()
        {
            byte[] buffer = new byte[16];
            ByteWriter writer = new ByteWriter(buffer);

            writer.AppendUntilNul(new byte[] { (byte)'h', (byte)'i', 0, (byte)'x' });

            Assert.Equal("hi", Encoding.ASCII.GetString(writer.Written));
        }
    }
}
