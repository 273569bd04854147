// CRC-32 against the catalogue check value and zlib's figures, and in pieces.

using System;
using System.Text;
using Kiln.Devices;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Devices
{
    public sealed class Crc32Tests
    {
        [Theory]
        [InlineData("", 0x00000000u)]
        [InlineData("123456789", 0xCBF43926u)]
        [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
        public void MatchesKnownValues(string text, uint expected)
        {
            Assert.Equal(expected, Crc32.Update(0, Encoding.ASCII.GetBytes(text)));
        }

        [Fact]
        public void UpdatingInPiecesEqualsOnePass()
        {
            byte[] data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
            uint crc = Crc32.Update(0, data.AsSpan(0, 10));
            crc = Crc32.Update(crc, data.AsSpan(10));
            Assert.Equal(0x414FA339u, crc);
        }
    }
}
