// SCSI command blocks (SBC-4, SPC-5) and the virtio-scsi request and response layout (virtio 1.2, 5.6.6.1).

using System;
using Kiln.Devices;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Devices
{
    public sealed class ScsiTests
    {
        [Fact]
        public void Read16CarriesABigEndianLbaAndBlockCount()
        {
            byte[] cdb = new byte[16];
            Assert.Equal(16, ScsiCommands.Read16(cdb, 0x0102030405060708, 0x0A0B0C0D));
            Assert.Equal(
                new byte[] { 0x88, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0x0A, 0x0B, 0x0C, 0x0D, 0, 0 },
                cdb);
        }

        [Fact]
        public void Write16UsesItsOwnOpcodeAndClearsStaleBytes()
        {
            byte[] cdb = new byte[16];
            Array.Fill(cdb, (byte)0xEE);
            ScsiCommands.Write16(cdb, 8, 16);
            Assert.Equal(new byte[] { 0x8A, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 16, 0, 0 }, cdb);
        }

        [Fact]
        public void ReadCapacity16IsAServiceActionWith32ByteAllocation()
        {
            byte[] cdb = new byte[16];
            ScsiCommands.ReadCapacity16(cdb);
            Assert.Equal(0x9E, cdb[0]);
            Assert.Equal(0x10, cdb[1]);
            Assert.Equal(32, cdb[13]);
        }

        [Fact]
        public void SynchronizeCacheCoversTheWholeMedium()
        {
            byte[] cdb = new byte[16];
            Assert.Equal(10, ScsiCommands.SynchronizeCache10(cdb));
            Assert.Equal(new byte[] { 0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, cdb[..10]);
        }

        [Fact]
        public void ReadCapacity16DataGivesLastLbaAndBlockLength()
        {
            byte[] data = new byte[32];
            data[6] = 0x3F;
            data[7] = 0xFF;   // last LBA 16383
            data[10] = 0x02;  // 512-byte blocks
            Assert.True(ScsiCommands.ParseReadCapacity16(data, out ulong lastLba, out uint blockLength));
            Assert.Equal(16383UL, lastLba);
            Assert.Equal(512u, blockLength);
            Assert.False(ScsiCommands.ParseReadCapacity16(new byte[11], out _, out _));
        }

        [Theory]
        [InlineData(new byte[] { 0x70, 0, 0x06, 0, 0, 0, 0, 10 }, 6)]
        [InlineData(new byte[] { 0xF0, 0, 0x02 }, 2)]
        [InlineData(new byte[] { 0x72, 0x06, 0x29, 0x00 }, 6)]
        [InlineData(new byte[] { 0x00, 0x06, 0x29 }, -1)]
        [InlineData(new byte[] { 0x70 }, -1)]
        public void SenseKeyFromFixedOrDescriptorFormat(byte[] sense, int key)
        {
            Assert.Equal(key, ScsiCommands.SenseKey(sense));
        }

        [Fact]
        public void InquiryAndModeSenseAnswersAreRead()
        {
            Assert.True(ScsiCommands.IsConnectedDisk(new byte[] { 0x00, 0, 5 }));
            Assert.False(ScsiCommands.IsConnectedDisk(new byte[] { 0x7F }));   // no device at this LUN
            Assert.False(ScsiCommands.IsConnectedDisk(new byte[] { 0x05 }));   // a CD-ROM
            Assert.True(ScsiCommands.IsWriteProtected(new byte[] { 3, 0, 0x80, 0 }));
            Assert.False(ScsiCommands.IsWriteProtected(new byte[] { 3, 0, 0x00, 0 }));
        }

        [Fact]
        public void VirtioScsiHeaderAddressesTheLunAndCarriesTheCdb()
        {
            byte[] header = new byte[VirtioScsiRequest.HeaderSize];
            byte[] cdb = { 0x88, 1, 2 };
            Assert.True(VirtioScsiRequest.WriteHeader(header, 3, 5, 0x1122, cdb));
            Assert.Equal(51, VirtioScsiRequest.HeaderSize);
            Assert.Equal(new byte[] { 1, 3, 0x40, 5, 0, 0, 0, 0 }, header[..8]);
            Assert.Equal(new byte[] { 0x22, 0x11, 0, 0, 0, 0, 0, 0 }, header[8..16]);
            Assert.Equal(new byte[] { 0, 0, 0 }, header[16..19]);
            Assert.Equal(cdb, header[19..22]);
            Assert.False(VirtioScsiRequest.WriteHeader(header, 256, 0, 0, cdb));
            Assert.False(VirtioScsiRequest.WriteHeader(header, 0, 0, 0, new byte[33]));
        }

        [Fact]
        public void VirtioScsiResponseFields()
        {
            byte[] response = new byte[VirtioScsiRequest.ResponseSize];
            Assert.Equal(108, response.Length);
            response[0] = 18;        // sense_len
            response[4] = 0x00;
            response[5] = 0x02;      // residual 512
            response[10] = ScsiCommands.StatusCheckCondition;
            response[11] = VirtioScsiRequest.VIRTIO_SCSI_S_OK;
            response[12] = 0x70;
            response[14] = 0x06;
            Assert.Equal(ScsiCommands.StatusCheckCondition, VirtioScsiRequest.Status(response));
            Assert.Equal(VirtioScsiRequest.VIRTIO_SCSI_S_OK, VirtioScsiRequest.Response(response));
            Assert.Equal(512u, VirtioScsiRequest.Residual(response));
            Assert.Equal(18, VirtioScsiRequest.Sense(response).Length);
            Assert.Equal(ScsiCommands.SenseUnitAttention, ScsiCommands.SenseKey(VirtioScsiRequest.Sense(response)));
        }
    }
}
