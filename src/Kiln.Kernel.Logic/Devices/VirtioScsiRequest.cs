// The request header and response of a virtio-scsi command (virtio 1.2, 5.6.6.1 "Device Operation: Request
// Queues"), with the default cdb_size (32) and sense_size (96): the driver lays out struct virtio_scsi_req_cmd's
// device-readable part (51 bytes) and reads the device-writable virtio_scsi_resp_cmd (108 bytes).
using System;
using System.Buffers.Binary;

namespace Kiln.Devices
{
    public static class VirtioScsiRequest
    {
        public const int CdbSize = 32;
        public const int SenseSize = 96;

        /// <summary>lun[8], id (u64), task_attr, prio, crn, cdb[32].</summary>
        public const int HeaderSize = 8 + 8 + 3 + CdbSize;

        /// <summary>sense_len, residual (u32), status_qualifier (u16), status, response, sense[96].</summary>
        public const int ResponseSize = 4 + 4 + 2 + 1 + 1 + SenseSize;

        private const int OffsetCdb = 19;
        private const int OffsetSenseLength = 0;
        private const int OffsetResidual = 4;
        private const int OffsetStatus = 10;
        private const int OffsetResponse = 11;
        private const int OffsetSense = 12;

        /// <summary>VIRTIO_SCSI_S_* response codes of the transport (as opposed to the SCSI status).</summary>
        public const byte VIRTIO_SCSI_S_OK = 0;
        public const byte VIRTIO_SCSI_S_BAD_TARGET = 3;

        /// <summary>
        /// Writes the header addressing LUN <paramref name="lun"/> of <paramref name="target"/> with the
        /// single-level LUN structure of 5.6.6.1 (byte 0 = 1, byte 1 = target, bytes 2-3 = 0x4000 | lun, big-endian).
        /// False when a field is out of range or a span too short.
        /// </summary>
        public static bool WriteHeader(Span<byte> header, int target, int lun, ulong tag, ReadOnlySpan<byte> cdb)
        {
            if (header.Length < HeaderSize || cdb.Length > CdbSize || target < 0 || target > 255 || lun < 0 || lun > 16383)
            {
                return false;
            }

            header.Slice(0, HeaderSize).Clear();
            header[0] = 1;
            header[1] = (byte)target;
            header[2] = (byte)(0x40 | (lun >> 8));
            header[3] = (byte)lun;
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(8), tag);

            // task_attr VIRTIO_SCSI_S_SIMPLE (0), prio 0, crn 0.
            cdb.CopyTo(header.Slice(OffsetCdb, cdb.Length));
            return true;
        }

        public static byte Response(ReadOnlySpan<byte> response) => response[OffsetResponse];

        public static byte Status(ReadOnlySpan<byte> response) => response[OffsetStatus];

        public static uint Residual(ReadOnlySpan<byte> response) => BinaryPrimitives.ReadUInt32LittleEndian(response.Slice(OffsetResidual));

        /// <summary>The sense data the device returned (at most sense_size bytes).</summary>
        public static ReadOnlySpan<byte> Sense(ReadOnlySpan<byte> response)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(response.Slice(OffsetSenseLength));
            return response.Slice(OffsetSense, (int)(length > SenseSize ? SenseSize : length));
        }
    }
}
