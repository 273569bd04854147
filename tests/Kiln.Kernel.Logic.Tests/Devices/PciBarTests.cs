// Decoding PCI BARs from their value and the mask read back after writing all ones (PCI Local Bus 3.0, 6.2.5.1),
// with the values QEMU's virtio-pci devices present.

using Kiln.Devices;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Devices
{
    public sealed class PciBarTests
    {
        [Fact]
        public void A64BitPrefetchableMemoryBarSpansTwoRegisters()
        {
            uint low = 0xFE00_000C;   // 64-bit, prefetchable
            Assert.True(PciBar.Is64Bit(low));
            PciBar bar = PciBar.Decode(low, 0x1, 0xFFFF_C00C, 0xFFFF_FFFF);
            Assert.Equal(PciBarKind.Memory64, bar.Kind);
            Assert.Equal(0x1_FE00_0000UL, bar.Address);
            Assert.Equal(0x4000UL, bar.Size);
            Assert.True(bar.Prefetchable);
        }

        [Fact]
        public void A32BitMemoryBar()
        {
            PciBar bar = PciBar.Decode(0xFEB0_1000, 0, 0xFFFF_F000, 0);
            Assert.Equal(PciBarKind.Memory32, bar.Kind);
            Assert.Equal(0xFEB0_1000UL, bar.Address);
            Assert.Equal(0x1000UL, bar.Size);
            Assert.False(bar.Prefetchable);
            Assert.False(PciBar.Is64Bit(0xFEB0_1000));
        }

        [Theory]
        [InlineData(0xFFFF_FFC1u)]   // upper bits read back as ones
        [InlineData(0x0000_FFC1u)]   // upper bits hard-wired to zero
        public void AnIoBarOf64Ports(uint mask)
        {
            PciBar bar = PciBar.Decode(0xC041, 0, mask, 0);
            Assert.Equal(PciBarKind.Io, bar.Kind);
            Assert.Equal(0xC040UL, bar.Address);
            Assert.Equal(0x40UL, bar.Size);
        }

        [Fact]
        public void AnUnassignedBarKeepsItsSizeWithAddressZero()
        {
            PciBar bar = PciBar.Decode(0x0000_0000, 0, 0xFFFF_F000, 0);
            Assert.True(bar.IsPresent);
            Assert.Equal(0UL, bar.Address);
            Assert.Equal(0x1000UL, bar.Size);
        }

        [Theory]
        [InlineData(0u, 0u)]
        [InlineData(0x1u, 0x1u)]   // an I/O BAR with no writable address bits
        public void ABarWithNoWritableBitsIsAbsent(uint low, uint mask)
        {
            Assert.False(PciBar.Decode(low, 0, mask, 0).IsPresent);
        }
    }
}
