// The virtio_net_hdr layout (virtio 1.2, 5.1.6), its legacy short form, and finishing a partial checksum the way a
// device does for VIRTIO_NET_HDR_F_NEEDS_CSUM; and the feature names the driver prints.
using System;
using Kiln.Devices;
using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Devices
{
    public sealed class VirtioNetHeaderTests
    {
        [Fact]
        public void TheHeaderIsTwelveBytesWithNumBuffersAndTenWithoutIt()
        {
            Assert.Equal(12, VirtioNetHeader.SizeFor(version1: true, mergeableBuffers: false));
            Assert.Equal(12, VirtioNetHeader.SizeFor(version1: false, mergeableBuffers: true));
            Assert.Equal(10, VirtioNetHeader.SizeFor(version1: false, mergeableBuffers: false));
        }

        [Fact]
        public void FieldsAreLittleEndianAtTheirSpecOffsets()
        {
            byte[] bytes = { 0x01, 0x03, 0x36, 0x00, 0xA8, 0x05, 0x22, 0x00, 0x10, 0x00, 0x03, 0x00 };
            Assert.True(VirtioNetHeader.Read(bytes, 12, out VirtioNetHeader header));
            Assert.Equal(VirtioNetHeader.VIRTIO_NET_HDR_F_NEEDS_CSUM, header.Flags);
            Assert.Equal(3, header.GsoType);
            Assert.Equal(0x36, header.HeaderLength);
            Assert.Equal(1448, header.GsoSize);
            Assert.Equal(34, header.CsumStart);
            Assert.Equal(16, header.CsumOffset);
            Assert.Equal(3, header.NumBuffers);

            byte[] written = new byte[12];
            Array.Fill(written, (byte)0xEE);
            Assert.True(header.Write(written, 12));

            // A driver sends num_buffers as 0 (the device sets it only on receive).
            Assert.Equal(new byte[] { 0x01, 0x03, 0x36, 0x00, 0xA8, 0x05, 0x22, 0x00, 0x10, 0x00, 0x00, 0x00 }, written);
        }

        [Fact]
        public void TheLegacyHeaderHasNoNumBuffersAndCountsAsOneBuffer()
        {
            byte[] bytes = new byte[12];
            bytes[10] = 7;
            Assert.True(VirtioNetHeader.Read(bytes, 10, out VirtioNetHeader header));
            Assert.Equal(1, header.NumBuffers);

            byte[] written = new byte[12];
            Array.Fill(written, (byte)0xEE);
            Assert.True(header.Write(written, 10));
            Assert.Equal(0xEE, written[10]);
        }

        [Fact]
        public void ANumBuffersOfZeroMeansOne()
        {
            Assert.True(VirtioNetHeader.Read(new byte[12], 12, out VirtioNetHeader header));
            Assert.Equal(1, header.NumBuffers);
        }

        [Fact]
        public void ShortBuffersAreRefused()
        {
            Assert.False(VirtioNetHeader.Read(new byte[11], 12, out _));
            Assert.False(VirtioNetHeader.Read(new byte[12], 8, out _));
            Assert.False(default(VirtioNetHeader).Write(new byte[9], 10));
        }

        [Fact]
        public void APartialUdpChecksumIsFinishedToTheOneTheStackWouldCompute()
        {
            const uint source = 0x0A00020F;
            const uint destination = 0x0A000202;
            byte[] frame = new byte[14 + 20 + 8 + 13];
            int udp = 14 + 20;
            BigEndian.WriteUInt16(frame.AsSpan(udp), 40000);
            BigEndian.WriteUInt16(frame.AsSpan(udp + 2), 53);
            BigEndian.WriteUInt16(frame.AsSpan(udp + 4), 8 + 13);
            "hello, virtio"u8.CopyTo(frame.AsSpan(udp + 8));
            ushort expected = TransportChecksum.Compute(source, destination, TransportChecksum.ProtocolUdp, frame.AsSpan(udp));

            // What a sender with VIRTIO_NET_F_CSUM leaves: the folded pseudo-header sum, not complemented.
            ushort pseudo = InternetChecksum.Fold(TransportChecksum.PseudoHeaderSum(source, destination, TransportChecksum.ProtocolUdp, 8 + 13));
            BigEndian.WriteUInt16(frame.AsSpan(udp + 6), pseudo);

            VirtioNetHeader header = default;
            header.Flags = VirtioNetHeader.VIRTIO_NET_HDR_F_NEEDS_CSUM;
            header.CsumStart = (ushort)udp;
            header.CsumOffset = 6;
            Assert.True(header.CompleteChecksum(frame));
            Assert.Equal(expected, BigEndian.ReadUInt16(frame.AsSpan(udp + 6)));
            Assert.True(TransportChecksum.Verify(source, destination, TransportChecksum.ProtocolUdp, frame.AsSpan(udp)));
        }

        [Fact]
        public void OffsetsOutsideTheFrameLeaveItAlone()
        {
            byte[] frame = new byte[40];
            Array.Fill(frame, (byte)0x11);
            VirtioNetHeader header = default;
            header.CsumStart = 34;
            header.CsumOffset = 5;
            Assert.False(header.CompleteChecksum(frame));
            header.CsumStart = 40;
            header.CsumOffset = 0;
            Assert.False(header.CompleteChecksum(frame));
            Assert.All(frame, b => Assert.Equal(0x11, b));
        }

        [Fact]
        public void FeatureNamesFollowTheSpec()
        {
            Assert.Equal("MRG_RXBUF", VirtioNetFeatures.Name(15));
            Assert.Equal(VirtioNetFeatures.VIRTIO_NET_F_MRG_RXBUF, 1UL << 15);
            Assert.Equal("VERSION_1", VirtioNetFeatures.Name(32));
            Assert.Equal("RING_EVENT_IDX", VirtioNetFeatures.Name(29));
            Assert.Equal("", VirtioNetFeatures.Name(4));
        }
    }
}
