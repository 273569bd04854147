// TCP segment headers (RFC 9293 3.1): ports, sequence and acknowledgment numbers, data offset, control bits,
// window, checksum over the IPv4 pseudo-header, urgent pointer, then options and data. Parse validates a whole
// segment as received from IPv4 (the span is exactly the segment); Build writes header, options and payload into a
// caller's span and fills in the checksum.
using System;

namespace Kiln.Net
{
    public struct TcpSegment
    {
        public const int MinHeaderSize = 20;
        public const int MaxHeaderSize = 60;

        public ushort SourcePort;
        public ushort DestinationPort;
        public uint SequenceNumber;
        public uint AcknowledgmentNumber;

        /// <summary>Header length in bytes (data offset times 4), options included. Set by Parse; Build
        /// derives it from the options.</summary>
        public int HeaderLength;

        /// <summary>The four reserved bits (byte 12, low nibble) as received; Build writes zero (RFC 9293).</summary>
        public byte Reserved;

        /// <summary>Control bits, see TcpFlags.</summary>
        public byte Flags;
        public ushort Window;

        /// <summary>The checksum field as received (Parse) or written (Build).</summary>
        public ushort Checksum;
        public ushort UrgentPointer;

        public int PayloadLength;

        public bool Has(byte flag) => (Flags & flag) != 0;

        /// <summary>Parses a segment. With verifyChecksum false (the NIC already checked it) the checksum is not
        /// recomputed.</summary>
        public static TcpError Parse(
            ReadOnlySpan<byte> bytes, uint sourceAddress, uint destinationAddress, bool verifyChecksum,
            out TcpSegment segment, out TcpOptions options)
        {
            segment = default;
            options = default;
            if (bytes.Length < MinHeaderSize)
            {
                return TcpError.TooShort;
            }
            segment.SourcePort = BigEndian.ReadUInt16(bytes.Slice(0));
            segment.DestinationPort = BigEndian.ReadUInt16(bytes.Slice(2));
            segment.SequenceNumber = BigEndian.ReadUInt32(bytes.Slice(4));
            segment.AcknowledgmentNumber = BigEndian.ReadUInt32(bytes.Slice(8));
            segment.HeaderLength = (bytes[12] >> 4) * 4;
            segment.Reserved = (byte)(bytes[12] & 0x0F);
            segment.Flags = bytes[13];
            segment.Window = BigEndian.ReadUInt16(bytes.Slice(14));
            segment.Checksum = BigEndian.ReadUInt16(bytes.Slice(16));
            segment.UrgentPointer = BigEndian.ReadUInt16(bytes.Slice(18));
            if (segment.HeaderLength < MinHeaderSize || segment.HeaderLength > bytes.Length)
            {
                return TcpError.BadDataOffset;
            }
            segment.PayloadLength = bytes.Length - segment.HeaderLength;
            TcpError error = TcpOptions.Parse(bytes.Slice(MinHeaderSize, segment.HeaderLength - MinHeaderSize), out options);
            if (error != TcpError.None)
            {
                return error;
            }
            if (verifyChecksum && !TransportChecksum.Verify(sourceAddress, destinationAddress, TransportChecksum.ProtocolTcp, bytes))
            {
                return TcpError.BadChecksum;
            }
            return TcpError.None;
        }

        /// <summary>Writes the header (from the fields of <paramref name="header"/>; HeaderLength, Reserved,
        /// Checksum and PayloadLength are ignored), the options and the payload, then the checksum.</summary>
        public static TcpError Build(
            Span<byte> destination, in TcpSegment header, in TcpOptions options, ReadOnlySpan<byte> payload,
            uint sourceAddress, uint destinationAddress, out int written)
        {
            written = 0;
            int optionLength = options.EncodedLength();
            if (optionLength < 0)
            {
                return TcpError.NoRoom;
            }
            int headerLength = MinHeaderSize + optionLength;
            if (payload.Length > destination.Length - headerLength)
            {
                return TcpError.NoRoom;
            }
            int length = headerLength + payload.Length;
            BigEndian.WriteUInt16(destination.Slice(0), header.SourcePort);
            BigEndian.WriteUInt16(destination.Slice(2), header.DestinationPort);
            BigEndian.WriteUInt32(destination.Slice(4), header.SequenceNumber);
            BigEndian.WriteUInt32(destination.Slice(8), header.AcknowledgmentNumber);
            destination[12] = (byte)((headerLength / 4) << 4);
            destination[13] = header.Flags;
            BigEndian.WriteUInt16(destination.Slice(14), header.Window);
            BigEndian.WriteUInt16(destination.Slice(16), 0);
            BigEndian.WriteUInt16(destination.Slice(18), header.UrgentPointer);
            options.Write(destination.Slice(MinHeaderSize, optionLength));
            payload.CopyTo(destination.Slice(headerLength));
            ushort checksum = TransportChecksum.Compute(
                sourceAddress, destinationAddress, TransportChecksum.ProtocolTcp, destination.Slice(0, length));
            BigEndian.WriteUInt16(destination.Slice(16), checksum);
            written = length;
            return TcpError.None;
        }
    }
}
