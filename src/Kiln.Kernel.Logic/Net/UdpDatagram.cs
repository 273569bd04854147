// UDP datagrams (RFC 768): an 8-byte header of source port, destination port, length and checksum, then the payload.
// The checksum covers the IPv4 pseudo-header; a transmitted zero means "no checksum", and a computed zero is sent
// as 0xFFFF. The length field, not the span, says where the datagram ends (the IP layer may pad).
using System;

namespace Kiln.Net
{
    public struct UdpDatagram
    {
        public const int HeaderSize = 8;
        public const int MaxLength = 65535;

        public ushort SourcePort;
        public ushort DestinationPort;

        /// <summary>The length field: header plus payload, in bytes.</summary>
        public ushort Length;

        /// <summary>The checksum field as received (0 means none was sent).</summary>
        public ushort Checksum;

        public int PayloadOffset => HeaderSize;

        public int PayloadLength => Length - HeaderSize;

        /// <summary>Parses and validates a datagram. Bytes past the length field are ignored.</summary>
        public static UdpError Parse(ReadOnlySpan<byte> bytes, uint sourceAddress, uint destinationAddress, out UdpDatagram datagram)
        {
            datagram = default;
            if (bytes.Length < HeaderSize)
            {
                return UdpError.TooShort;
            }
            datagram.SourcePort = BigEndian.ReadUInt16(bytes.Slice(0));
            datagram.DestinationPort = BigEndian.ReadUInt16(bytes.Slice(2));
            datagram.Length = BigEndian.ReadUInt16(bytes.Slice(4));
            datagram.Checksum = BigEndian.ReadUInt16(bytes.Slice(6));
            if (datagram.Length < HeaderSize || datagram.Length > bytes.Length)
            {
                return UdpError.BadLength;
            }
            if (datagram.Checksum != 0 &&
                !TransportChecksum.Verify(sourceAddress, destinationAddress, TransportChecksum.ProtocolUdp, bytes.Slice(0, datagram.Length)))
            {
                return UdpError.BadChecksum;
            }
            return UdpError.None;
        }

        /// <summary>Writes header and payload into destination and fills in the checksum. Returns the number of
        /// bytes written in <paramref name="written"/>.</summary>
        public static UdpError Build(
            Span<byte> destination, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload,
            uint sourceAddress, uint destinationAddress, out int written)
        {
            written = 0;
            if (payload.Length > MaxLength - HeaderSize)
            {
                return UdpError.NoRoom;
            }
            int length = HeaderSize + payload.Length;
            if (destination.Length < length)
            {
                return UdpError.NoRoom;
            }
            BigEndian.WriteUInt16(destination.Slice(0), sourcePort);
            BigEndian.WriteUInt16(destination.Slice(2), destinationPort);
            BigEndian.WriteUInt16(destination.Slice(4), (ushort)length);
            BigEndian.WriteUInt16(destination.Slice(6), 0);
            payload.CopyTo(destination.Slice(HeaderSize));
            ushort checksum = TransportChecksum.Compute(
                sourceAddress, destinationAddress, TransportChecksum.ProtocolUdp, destination.Slice(0, length));
            BigEndian.WriteUInt16(destination.Slice(6), checksum == 0 ? (ushort)0xFFFF : checksum);
            written = length;
            return UdpError.None;
        }
    }
}
