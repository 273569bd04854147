// Sizes and field offsets of the file-system ABI structures: struct statx (linux/stat.h), struct flock and struct
// statfs as x86-64 Linux lays them out, and the dev_t split statx reports.
using System.Runtime.InteropServices;
using Kiln.Linux;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Linux
{
    public sealed class FileAbiStructTests
    {
        [Theory]
        [InlineData(nameof(LinuxStatx.Mask), 0)]
        [InlineData(nameof(LinuxStatx.BlockSize), 4)]
        [InlineData(nameof(LinuxStatx.Attributes), 8)]
        [InlineData(nameof(LinuxStatx.Nlink), 16)]
        [InlineData(nameof(LinuxStatx.Uid), 20)]
        [InlineData(nameof(LinuxStatx.Gid), 24)]
        [InlineData(nameof(LinuxStatx.Mode), 28)]
        [InlineData(nameof(LinuxStatx.Ino), 32)]
        [InlineData(nameof(LinuxStatx.FileSize), 40)]
        [InlineData(nameof(LinuxStatx.Blocks), 48)]
        [InlineData(nameof(LinuxStatx.AttributesMask), 56)]
        [InlineData(nameof(LinuxStatx.AtimeSeconds), 64)]
        [InlineData(nameof(LinuxStatx.BtimeSeconds), 80)]
        [InlineData(nameof(LinuxStatx.CtimeSeconds), 96)]
        [InlineData(nameof(LinuxStatx.MtimeSeconds), 112)]
        [InlineData(nameof(LinuxStatx.MtimeNanoseconds), 120)]
        [InlineData(nameof(LinuxStatx.RdevMajor), 128)]
        [InlineData(nameof(LinuxStatx.DevMinor), 140)]
        public void StatxFieldsSitWhereLinuxPutsThem(string field, int offset) =>
            Assert.Equal(offset, (int)Marshal.OffsetOf<LinuxStatx>(field));

        [Fact]
        public void StatxIs256Bytes() => Assert.Equal(LinuxStatx.Size, Marshal.SizeOf<LinuxStatx>());

        [Theory]
        [InlineData(nameof(LinuxFlock.Type), 0)]
        [InlineData(nameof(LinuxFlock.Whence), 2)]
        [InlineData(nameof(LinuxFlock.Start), 8)]
        [InlineData(nameof(LinuxFlock.Length), 16)]
        [InlineData(nameof(LinuxFlock.Pid), 24)]
        public void FlockFieldsSitWhereX8664PutsThem(string field, int offset) =>
            Assert.Equal(offset, (int)Marshal.OffsetOf<LinuxFlock>(field));

        [Fact]
        public void FlockIs32Bytes() => Assert.Equal(LinuxFlock.Size, Marshal.SizeOf<LinuxFlock>());

        [Fact]
        public void StatfsIs120BytesWithFlagsAt80()
        {
            Assert.Equal(LinuxStatFs.Size, Marshal.SizeOf<LinuxStatFs>());
            Assert.Equal(56, (int)Marshal.OffsetOf<LinuxStatFs>(nameof(LinuxStatFs.FileSystemId)));
            Assert.Equal(80, (int)Marshal.OffsetOf<LinuxStatFs>(nameof(LinuxStatFs.Flags)));
        }

        [Theory]
        [InlineData(0x0000000000000005UL, 0u, 5u)]
        [InlineData(0x0000000000000803UL, 8u, 3u)]
        [InlineData(0x0000000000123456UL, 0x234u, 0x156u)]
        public void DeviceNumbersSplitAsNewDecodeDev(ulong device, uint major, uint minor)
        {
            Assert.Equal(major, LinuxStatx.Major(device));
            Assert.Equal(minor, LinuxStatx.Minor(device));
        }

        [Fact]
        public void StatxCopiesTheStatFields()
        {
            LinuxStat stat = default;
            stat.Ino = 42;
            stat.Mode = 0x81A4;
            stat.Nlink = 3;
            stat.FileSize = 12345;
            stat.MtimeSeconds = 1234567890;
            stat.MtimeNanoseconds = 987654321;
            stat.Dev = 0x803;
            LinuxStatx statx = LinuxStatx.From(in stat);
            Assert.Equal(LinuxStatx.STATX_BASIC_STATS, statx.Mask);
            Assert.Equal(42UL, statx.Ino);
            Assert.Equal((ushort)0x81A4, statx.Mode);
            Assert.Equal(3u, statx.Nlink);
            Assert.Equal(12345UL, statx.FileSize);
            Assert.Equal(1234567890L, statx.MtimeSeconds);
            Assert.Equal(987654321u, statx.MtimeNanoseconds);
            Assert.Equal(8u, statx.DevMajor);
            Assert.Equal(3u, statx.DevMinor);
        }
    }
}
