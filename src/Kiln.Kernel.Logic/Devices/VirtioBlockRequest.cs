// The header and status of a virtio-blk request (virtio 1.2, 5.2.6 "Device Operation"): a 16-byte header the device
// reads (type, reserved, sector), the data buffers, then one status byte the device writes.
namespace Kiln.Devices
{
    public static class VirtioBlockRequest
    {
        public const int HeaderSize = 16;

        public const uint VIRTIO_BLK_T_IN = 0;
        public const uint VIRTIO_BLK_T_OUT = 1;
        public const uint VIRTIO_BLK_T_FLUSH = 4;
        public const uint VIRTIO_BLK_T_GET_ID = 8;

        public const byte VIRTIO_BLK_S_OK = 0;
        public const byte VIRTIO_BLK_S_IOERR = 1;
        public const byte VIRTIO_BLK_S_UNSUPP = 2;

        /// <summary>The device id string is at most 20 bytes, not NUL-terminated when it is exactly 20.</summary>
        public const int IdLength = 20;

        /// <summary>Writes the little-endian header; false when <paramref name="header"/> is too short.</summary>
        public static bool WriteHeader(System.Span<byte> header, uint type, ulong sector)
        {
            if (header.Length < HeaderSize)
            {
                return false;
            }

            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header, type);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(4), 0);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(8), sector);
            return true;
        }
    }
}
