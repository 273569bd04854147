// The split virtqueue's memory layout and element sizes (virtio 1.2, 2.7), against the legacy formula's figures.

using System.Runtime.InteropServices;
using Kiln.Devices;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Devices
{
    public sealed class VirtqueueLayoutTests
    {
        [Fact]
        public void DescriptorIs16BytesWithFieldsInSpecOrder()
        {
            Assert.Equal(VirtqDescriptor.Size, Marshal.SizeOf<VirtqDescriptor>());
            Assert.Equal(0, (int)Marshal.OffsetOf<VirtqDescriptor>(nameof(VirtqDescriptor.Address)));
            Assert.Equal(8, (int)Marshal.OffsetOf<VirtqDescriptor>(nameof(VirtqDescriptor.Length)));
            Assert.Equal(12, (int)Marshal.OffsetOf<VirtqDescriptor>(nameof(VirtqDescriptor.Flags)));
            Assert.Equal(14, (int)Marshal.OffsetOf<VirtqDescriptor>(nameof(VirtqDescriptor.Next)));
        }

        [Fact]
        public void UsedElementIs8Bytes()
        {
            Assert.Equal(VirtqUsedElement.Size, Marshal.SizeOf<VirtqUsedElement>());
            Assert.Equal(4, (int)Marshal.OffsetOf<VirtqUsedElement>(nameof(VirtqUsedElement.Length)));
        }

        [Theory]
        [InlineData(256, 4096, 8192, 12288)]
        [InlineData(128, 2048, 4096, 8192)]
        [InlineData(1024, 16384, 20480, 32768)]
        public void LegacyLayoutPutsTheUsedRingOnTheNextPage(int size, int available, int used, int total)
        {
            Assert.Equal(0, VirtqueueLayout.DescriptorTableOffset);
            Assert.Equal(available, VirtqueueLayout.AvailableRingOffset(size));
            Assert.Equal(used, VirtqueueLayout.UsedRingOffset(size));
            Assert.Equal(total, VirtqueueLayout.TotalBytes(size));
            Assert.True(VirtqueueLayout.AvailableRingOffset(size) + VirtqueueLayout.AvailableRingBytes(size) <= used);
        }

        [Theory]
        [InlineData(1, true)]
        [InlineData(256, true)]
        [InlineData(32768, true)]
        [InlineData(0, false)]
        [InlineData(3, false)]
        [InlineData(65536, false)]
        public void SizeMustBeAPowerOfTwoUpTo32768(int size, bool valid)
        {
            Assert.Equal(valid, VirtqueueLayout.IsValidSize(size));
        }

        [Fact]
        public void BlockRequestHeaderIsLittleEndianTypeReservedSector()
        {
            byte[] header = new byte[VirtioBlockRequest.HeaderSize];
            Assert.True(VirtioBlockRequest.WriteHeader(header, VirtioBlockRequest.VIRTIO_BLK_T_OUT, 0x0102030405060708));
            Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1 }, header);
            Assert.False(VirtioBlockRequest.WriteHeader(new byte[15], 0, 0));
        }
    }
}
