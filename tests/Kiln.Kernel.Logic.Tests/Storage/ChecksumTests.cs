// The two checksums against their published check values ("123456789").
using System;
using System.Text;
using Kiln.Storage;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Storage
{
    public class ChecksumTests
    {
        private static readonly byte[] CheckInput = Encoding.ASCII.GetBytes("123456789");

        [Fact]
        public void Crc32C_matches_the_Castagnoli_check_value() => Assert.Equal(0xE3069283u, Crc32C.Compute(CheckInput));

        [Fact]
        public void Crc32_matches_the_IEEE_check_value() => Assert.Equal(0xCBF43926u, Crc32.Compute(CheckInput));

        [Fact]
        public void Update_continues_a_checksum()
        {
            uint whole = Crc32C.Compute(CheckInput);
            uint split = Crc32C.Update(Crc32C.Compute(CheckInput.AsSpan(0, 4)), CheckInput.AsSpan(4));
            Assert.Equal(whole, split);
        }
    }
}
