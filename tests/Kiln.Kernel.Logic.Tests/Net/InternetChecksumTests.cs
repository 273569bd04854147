// The Internet checksum against worked examples from RFC 1071 and RFC 1624 and a well-known IPv4 header.

using System;
using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net
{
    public sealed class InternetChecksumTests
    {
        [Fact]
        public void Rfc1071Section3ExampleSumsToDdf2()
        {
            // RFC 1071 section 3: bytes 00 01 f2 03 f4 f5 f6 f7 have one's complement sum ddf2.
            byte[] data = { 0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7 };
            Assert.Equal(0xDDF2, InternetChecksum.Fold(InternetChecksum.Add(0, data)));
            Assert.Equal(0x220D, InternetChecksum.Compute(data));
        }

        [Fact]
        public void KnownIpv4HeaderChecksumIsB861()
        {
            byte[] header = Convert.FromHexString("450000730000400040110000c0a80001c0a800c7");
            Assert.Equal(0xB861, InternetChecksum.Compute(header));
            header[10] = 0xB8;
            header[11] = 0x61;
            Assert.True(InternetChecksum.Verify(header));
            header[19] ^= 1;
            Assert.False(InternetChecksum.Verify(header));
        }

        [Fact]
        public void OddLengthPadsTheLastByteWithZero()
        {
            Assert.Equal(InternetChecksum.Compute(new byte[] { 0x12, 0x34, 0x56, 0x00 }), InternetChecksum.Compute(new byte[] { 0x12, 0x34, 0x56 }));
            Assert.Equal(0xFFFF, InternetChecksum.Compute(ReadOnlySpan<byte>.Empty));
        }

        [Fact]
        public void Rfc1624ExampleGivesZeroNotFfff()
        {
            // RFC 1624 section 4: HC = 0xDD2F, m = 0x5555 becomes m' = 0x3285; equation 3 gives 0x0000.
            Assert.Equal(0x0000, InternetChecksum.Update(0xDD2F, 0x5555, 0x3285));
        }

        [Fact]
        public void IncrementalUpdateMatchesRecomputationOnRandomData()
        {
            var random = new Random(1624);
            for (int round = 0; round < 10000; round++)
            {
                byte[] data = new byte[2 + 2 * random.Next(1, 30)];
                random.NextBytes(data);
                data[0] = 0;
                data[1] = 0;
                ushort checksum = InternetChecksum.Compute(data);
                data[0] = (byte)(checksum >> 8);
                data[1] = (byte)checksum;
                int word = 2 * random.Next(1, data.Length / 2);
                ushort oldWord = (ushort)((data[word] << 8) | data[word + 1]);
                ushort newWord = (ushort)random.Next(0, 0x10000);
                data[word] = (byte)(newWord >> 8);
                data[word + 1] = (byte)newWord;
                ushort updated = InternetChecksum.Update(checksum, oldWord, newWord);
                data[0] = (byte)(updated >> 8);
                data[1] = (byte)updated;
                Assert.True(InternetChecksum.Verify(data));
            }
        }
    }
}
