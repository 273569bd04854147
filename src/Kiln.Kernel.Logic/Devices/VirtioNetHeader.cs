// The header in front of every virtio-net frame (virtio 1.2, 5.1.6 "Device Operation", struct virtio_net_hdr):
// flags, GSO type and sizes, where a partial checksum starts and where it goes, and with VIRTIO_NET_F_MRG_RXBUF or
// VIRTIO_F_VERSION_1 the number of receive buffers a frame fills. Little-endian on both transports (x86).
using System;
using System.Buffers.Binary;
using Kiln.Net;

namespace Kiln.Devices
{
    public struct VirtioNetHeader
    {
        /// <summary>The header with num_buffers (modern devices, or legacy ones with VIRTIO_NET_F_MRG_RXBUF).</summary>
        public const int Length = 12;

        /// <summary>The legacy header without num_buffers (5.1.6.1 "Legacy Interface: Device Operation").</summary>
        public const int LegacyLength = 10;

        /// <summary>The checksum from CsumStart to the end is partial: someone must finish it (5.1.6.2).</summary>
        public const byte VIRTIO_NET_HDR_F_NEEDS_CSUM = 1;

        /// <summary>The device checked the frame's checksums (receive only, with VIRTIO_NET_F_GUEST_CSUM).</summary>
        public const byte VIRTIO_NET_HDR_F_DATA_VALID = 2;

        public const byte VIRTIO_NET_HDR_GSO_NONE = 0;

        public byte Flags;
        public byte GsoType;
        public ushort HeaderLength;
        public ushort GsoSize;
        public ushort CsumStart;
        public ushort CsumOffset;

        /// <summary>Receive buffers the frame spans (1 when the field is absent or the device wrote 0).</summary>
        public ushort NumBuffers;

        /// <summary>The header's size for the negotiated features.</summary>
        public static int SizeFor(bool version1, bool mergeableBuffers) => version1 || mergeableBuffers ? Length : LegacyLength;

        /// <summary>Reads a header of <paramref name="headerLength"/> bytes; false when the buffer is shorter.</summary>
        public static bool Read(ReadOnlySpan<byte> buffer, int headerLength, out VirtioNetHeader header)
        {
            header = default;
            if (buffer.Length < headerLength || headerLength < LegacyLength)
            {
                return false;
            }

            header.Flags = buffer[0];
            header.GsoType = buffer[1];
            header.HeaderLength = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(2));
            header.GsoSize = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(4));
            header.CsumStart = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(6));
            header.CsumOffset = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(8));
            header.NumBuffers = headerLength >= Length ? BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(10)) : (ushort)1;
            if (header.NumBuffers == 0)
            {
                header.NumBuffers = 1;
            }

            return true;
        }

        /// <summary>Writes a header of <paramref name="headerLength"/> bytes (num_buffers 0, as a driver sends it).</summary>
        public readonly bool Write(Span<byte> buffer, int headerLength)
        {
            if (buffer.Length < headerLength || headerLength < LegacyLength)
            {
                return false;
            }

            buffer[0] = Flags;
            buffer[1] = GsoType;
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.Slice(2), HeaderLength);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.Slice(4), GsoSize);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.Slice(6), CsumStart);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.Slice(8), CsumOffset);
            if (headerLength >= Length)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(buffer.Slice(10), 0);
            }

            return true;
        }

        /// <summary>
        /// Finishes a partial checksum in <paramref name="frame"/> the way the device would have (5.1.6.2.1): the
        /// Internet checksum of the bytes from CsumStart to the end, with the field at CsumStart + CsumOffset holding
        /// the folded, uncomplemented pseudo-header sum, is stored in that field. False, leaving the frame alone, when
        /// the offsets do not fit the frame.
        /// </summary>
        public readonly bool CompleteChecksum(Span<byte> frame)
        {
            int start = CsumStart;
            int field = start + CsumOffset;
            if (start >= frame.Length || field + 2 > frame.Length)
            {
                return false;
            }

            ushort checksum = (ushort)~InternetChecksum.Fold(InternetChecksum.Add(0, frame.Slice(start)));
            BigEndian.WriteUInt16(frame.Slice(field, 2), checksum);
            return true;
        }
    }
}
