// Modulo-2^32 sequence comparisons (RFC 9293 3.4), including wrap-around.
using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net
{
    public sealed class TcpSequenceTests
    {
        [Fact]
        public void ComparisonsWrapAround()
        {
            Assert.True(TcpSequence.LessThan(1, 2));
            Assert.False(TcpSequence.LessThan(2, 2));
            Assert.True(TcpSequence.LessOrEqual(2, 2));
            Assert.True(TcpSequence.LessThan(0xFFFF_FFF0, 0x10));
            Assert.False(TcpSequence.LessThan(0x10, 0xFFFF_FFF0));
            Assert.True(TcpSequence.GreaterThan(0x10, 0xFFFF_FFF0));
            Assert.True(TcpSequence.GreaterOrEqual(5, 5));
            Assert.True(TcpSequence.LessThan(0, 0x7FFF_FFFF));
            Assert.False(TcpSequence.LessThan(0, 0x8000_0001));
            Assert.Equal(0x10u, TcpSequence.Max(0xFFFF_FFF0, 0x10));
            Assert.Equal(0xFFFF_FFF0u, TcpSequence.Min(0xFFFF_FFF0, 0x10));
        }

        [Theory]
        [InlineData(100u, 100u, 10u, true)]
        [InlineData(109u, 100u, 10u, true)]
        [InlineData(110u, 100u, 10u, false)]
        [InlineData(99u, 100u, 10u, false)]
        [InlineData(100u, 100u, 0u, false)]
        [InlineData(5u, 0xFFFF_FFFAu, 20u, true)]
        [InlineData(0xFFFF_FFFBu, 0xFFFF_FFFAu, 20u, true)]
        [InlineData(14u, 0xFFFF_FFFAu, 20u, false)]
        public void InWindowIsHalfOpenModulo2To32(uint value, uint start, uint size, bool expected)
        {
            Assert.Equal(expected, TcpSequence.InWindow(value, start, size));
        }
    }
}
