// The SCSI commands the virtio-scsi driver sends, encoded as command descriptor blocks (SBC-4 and SPC-5; CDB fields
// are big-endian), and the replies it reads: READ CAPACITY (16) parameter data and the sense key of sense data.
using System;

namespace Kiln.Devices
{
    public static class ScsiCommands
    {
        public const byte TEST_UNIT_READY = 0x00;
        public const byte INQUIRY = 0x12;
        public const byte MODE_SENSE_6 = 0x1A;
        public const byte SYNCHRONIZE_CACHE_10 = 0x35;
        public const byte READ_16 = 0x88;
        public const byte WRITE_16 = 0x8A;
        public const byte SERVICE_ACTION_IN_16 = 0x9E;
        public const byte READ_CAPACITY_16 = 0x10;   // the service action of SERVICE ACTION IN (16)

        public const int Cdb6Length = 6;
        public const int Cdb10Length = 10;
        public const int Cdb16Length = 16;
        public const int ReadCapacity16Length = 32;
        public const int InquiryLength = 36;

        /// <summary>SAM-5 status codes.</summary>
        public const byte StatusGood = 0x00;
        public const byte StatusCheckCondition = 0x02;
        public const byte StatusBusy = 0x08;

        /// <summary>SPC-5 sense keys the driver reacts to.</summary>
        public const int SenseNotReady = 0x2;
        public const int SenseUnitAttention = 0x6;

        public static int TestUnitReady(Span<byte> cdb)
        {
            cdb.Slice(0, Cdb6Length).Clear();
            cdb[0] = TEST_UNIT_READY;
            return Cdb6Length;
        }

        public static int Inquiry(Span<byte> cdb, ushort allocationLength)
        {
            cdb.Slice(0, Cdb6Length).Clear();
            cdb[0] = INQUIRY;
            cdb[3] = (byte)(allocationLength >> 8);
            cdb[4] = (byte)allocationLength;
            return Cdb6Length;
        }

        /// <summary>MODE SENSE (6) of all pages; the reply's header says whether the medium is write-protected.</summary>
        public static int ModeSense6(Span<byte> cdb, byte allocationLength)
        {
            cdb.Slice(0, Cdb6Length).Clear();
            cdb[0] = MODE_SENSE_6;
            cdb[2] = 0x3F;
            cdb[4] = allocationLength;
            return Cdb6Length;
        }

        /// <summary>The WP bit of a MODE SENSE (6) parameter header's device-specific byte (SBC-4, 6.5.1).</summary>
        public static bool IsWriteProtected(ReadOnlySpan<byte> modeHeader) => modeHeader.Length >= 3 && (modeHeader[2] & 0x80) != 0;

        /// <summary>True when INQUIRY data describes a connected direct-access block device (SPC-5, 6.7.2).</summary>
        public static bool IsConnectedDisk(ReadOnlySpan<byte> inquiry) => inquiry.Length >= 1 && inquiry[0] == 0x00;

        public static int ReadCapacity16(Span<byte> cdb)
        {
            cdb.Slice(0, Cdb16Length).Clear();
            cdb[0] = SERVICE_ACTION_IN_16;
            cdb[1] = READ_CAPACITY_16;
            WriteBigEndian(cdb.Slice(10, 4), ReadCapacity16Length);
            return Cdb16Length;
        }

        public static int Read16(Span<byte> cdb, ulong lba, uint blocks) => ReadWrite16(cdb, READ_16, lba, blocks);

        public static int Write16(Span<byte> cdb, ulong lba, uint blocks) => ReadWrite16(cdb, WRITE_16, lba, blocks);

        /// <summary>SYNCHRONIZE CACHE (10) with LBA 0 and 0 blocks: the whole medium (SBC-4, 5.27).</summary>
        public static int SynchronizeCache10(Span<byte> cdb)
        {
            cdb.Slice(0, Cdb10Length).Clear();
            cdb[0] = SYNCHRONIZE_CACHE_10;
            return Cdb10Length;
        }

        /// <summary>
        /// Reads READ CAPACITY (16) parameter data (SBC-4, 5.20.2): the last logical block address and the logical
        /// block length in bytes. False when the data is too short.
        /// </summary>
        public static bool ParseReadCapacity16(ReadOnlySpan<byte> data, out ulong lastLba, out uint blockLength)
        {
            lastLba = 0;
            blockLength = 0;
            if (data.Length < 12)
            {
                return false;
            }

            for (int i = 0; i < 8; i++)
            {
                lastLba = (lastLba << 8) | data[i];
            }

            for (int i = 8; i < 12; i++)
            {
                blockLength = (blockLength << 8) | data[i];
            }

            return true;
        }

        /// <summary>The sense key of fixed (0x70/0x71) or descriptor (0x72/0x73) sense data, or -1 (SPC-5, 4.4).</summary>
        public static int SenseKey(ReadOnlySpan<byte> sense)
        {
            if (sense.Length < 3)
            {
                return -1;
            }

            int code = sense[0] & 0x7F;
            if (code == 0x70 || code == 0x71)
            {
                return sense[2] & 0xF;
            }

            if (code == 0x72 || code == 0x73)
            {
                return sense[1] & 0xF;
            }

            return -1;
        }

        private static int ReadWrite16(Span<byte> cdb, byte opcode, ulong lba, uint blocks)
        {
            cdb.Slice(0, Cdb16Length).Clear();
            cdb[0] = opcode;
            for (int i = 0; i < 8; i++)
            {
                cdb[2 + i] = (byte)(lba >> (56 - (8 * i)));
            }

            WriteBigEndian(cdb.Slice(10, 4), blocks);
            return Cdb16Length;
        }

        private static void WriteBigEndian(Span<byte> destination, uint value)
        {
            destination[0] = (byte)(value >> 24);
            destination[1] = (byte)(value >> 16);
            destination[2] = (byte)(value >> 8);
            destination[3] = (byte)value;
        }
    }
}
