// Sizes and field offsets of the ABI structures the descriptor layer shares with programs: struct stat and struct
// epoll_event as x86-64 Linux lays them out (asm/stat.h, linux/eventpoll.h).

using System.Runtime.InteropServices;
using Kiln.Linux;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Linux
{
    public sealed class AbiStructTests
    {
        [Fact]
        public void EpollEventIsPackedTo12Bytes()
        {
            Assert.Equal(12, Marshal.SizeOf<EpollEvent>());
            Assert.Equal(EpollEvent.Size, Marshal.SizeOf<EpollEvent>());
            Assert.Equal(0, (int)Marshal.OffsetOf<EpollEvent>(nameof(EpollEvent.Events)));
            Assert.Equal(4, (int)Marshal.OffsetOf<EpollEvent>(nameof(EpollEvent.Data)));
        }

        [Theory]
        [InlineData(nameof(LinuxStat.Dev), 0)]
        [InlineData(nameof(LinuxStat.Ino), 8)]
        [InlineData(nameof(LinuxStat.Nlink), 16)]
        [InlineData(nameof(LinuxStat.Mode), 24)]
        [InlineData(nameof(LinuxStat.Uid), 28)]
        [InlineData(nameof(LinuxStat.Gid), 32)]
        [InlineData(nameof(LinuxStat.Rdev), 40)]
        [InlineData(nameof(LinuxStat.FileSize), 48)]
        [InlineData(nameof(LinuxStat.Blksize), 56)]
        [InlineData(nameof(LinuxStat.Blocks), 64)]
        [InlineData(nameof(LinuxStat.AtimeSeconds), 72)]
        [InlineData(nameof(LinuxStat.MtimeSeconds), 88)]
        [InlineData(nameof(LinuxStat.CtimeSeconds), 104)]
        [InlineData(nameof(LinuxStat.CtimeNanoseconds), 112)]
        public void StatFieldsSitWhereX8664PutsThem(string field, int offset)
        {
            Assert.Equal(offset, (int)Marshal.OffsetOf<LinuxStat>(field));
        }

        [Fact]
        public void StatIs144Bytes()
        {
            Assert.Equal(144, Marshal.SizeOf<LinuxStat>());
            Assert.Equal(LinuxStat.Size, Marshal.SizeOf<LinuxStat>());
        }
    }
}
