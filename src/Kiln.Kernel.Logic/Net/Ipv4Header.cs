// The IPv4 header (RFC 791 section 3.1). Parse validates version, IHL, total length and the header checksum and
// skips options (the payload starts at HeaderLength); Write emits a 20-byte header without options and its checksum.
using System;

namespace Kiln.Net
{
    public struct Ipv4Header
    {
        public const int MinimumLength = 20;
        private const ushort ReservedFlag = 0x8000;
        private const ushort DontFragmentFlag = 0x4000;
        private const ushort MoreFragmentsFlag = 0x2000;
        private const ushort FragmentOffsetMask = 0x1FFF;

        /// <summary>Header length in bytes, options included (IHL * 4).</summary>
        public int HeaderLength;
        public byte TypeOfService;
        public ushort TotalLength;
        public ushort Identification;
        public bool DontFragment;
        public bool MoreFragments;

        /// <summary>Fragment offset in 8-byte units, as on the wire.</summary>
        public ushort FragmentOffset;
        public byte TimeToLive;
        public byte Protocol;
        public ushort Checksum;
        public uint Source;
        public uint Destination;

        public int PayloadLength => TotalLength - HeaderLength;

        /// <summary>
        /// Parses the header at the start of packet. The datagram is packet.Slice(0, TotalLength): bytes past it are
        /// link-layer padding.
        /// </summary>
        public static NetError Parse(ReadOnlySpan<byte> packet, out Ipv4Header header)
        {
            header = default;
            if (packet.Length < MinimumLength)
            {
                return NetError.TooShort;
            }

            if ((packet[0] >> 4) != 4)
            {
                return NetError.BadVersion;
            }

            int headerLength = (packet[0] & 0xF) * 4;
            if (headerLength < MinimumLength || headerLength > packet.Length)
            {
                return NetError.BadHeaderLength;
            }

            ushort totalLength = BigEndian.ReadUInt16(packet.Slice(2, 2));
            if (totalLength < headerLength || totalLength > packet.Length)
            {
                return NetError.BadTotalLength;
            }

            ushort flagsAndOffset = BigEndian.ReadUInt16(packet.Slice(6, 2));
            if ((flagsAndOffset & ReservedFlag) != 0)
            {
                return NetError.BadFlags;
            }

            if (!InternetChecksum.Verify(packet.Slice(0, headerLength)))
            {
                return NetError.BadChecksum;
            }

            header.HeaderLength = headerLength;
            header.TypeOfService = packet[1];
            header.TotalLength = totalLength;
            header.Identification = BigEndian.ReadUInt16(packet.Slice(4, 2));
            header.DontFragment = (flagsAndOffset & DontFragmentFlag) != 0;
            header.MoreFragments = (flagsAndOffset & MoreFragmentsFlag) != 0;
            header.FragmentOffset = (ushort)(flagsAndOffset & FragmentOffsetMask);
            header.TimeToLive = packet[8];
            header.Protocol = packet[9];
            header.Checksum = BigEndian.ReadUInt16(packet.Slice(10, 2));
            header.Source = BigEndian.ReadUInt32(packet.Slice(12, 4));
            header.Destination = BigEndian.ReadUInt32(packet.Slice(16, 4));
            return NetError.None;
        }

        /// <summary>
        /// Writes a 20-byte header (IHL 5, no options) with TotalLength as set and a freshly computed checksum, which is
        /// also stored in Checksum. Returns 20, or 0 if destination is too small.
        /// </summary>
        public int Write(Span<byte> destination)
        {
            if (destination.Length < MinimumLength)
            {
                return 0;
            }

            destination[0] = 0x45;
            destination[1] = TypeOfService;
            BigEndian.WriteUInt16(destination.Slice(2, 2), TotalLength);
            BigEndian.WriteUInt16(destination.Slice(4, 2), Identification);
            ushort flagsAndOffset = (ushort)(FragmentOffset & FragmentOffsetMask);
            if (DontFragment)
            {
                flagsAndOffset |= DontFragmentFlag;
            }

            if (MoreFragments)
            {
                flagsAndOffset |= MoreFragmentsFlag;
            }

            BigEndian.WriteUInt16(destination.Slice(6, 2), flagsAndOffset);
            destination[8] = TimeToLive;
            destination[9] = Protocol;
            destination[10] = 0;
            destination[11] = 0;
            BigEndian.WriteUInt32(destination.Slice(12, 4), Source);
            BigEndian.WriteUInt32(destination.Slice(16, 4), Destination);
            HeaderLength = MinimumLength;
            Checksum = InternetChecksum.Compute(destination.Slice(0, MinimumLength));
            BigEndian.WriteUInt16(destination.Slice(10, 2), Checksum);
            return MinimumLength;
        }

        /// <summary>
        /// Decrements the TTL of a header already in a buffer and patches its checksum incrementally (RFC 1624), as a
        /// forwarder does. Returns false, leaving the header untouched, if the TTL is already 0 or 1 (RFC 1812 5.3.1:
        /// the datagram must be dropped and ICMP time exceeded sent) or the buffer is too short.
        /// </summary>
        public static bool DecrementTimeToLive(Span<byte> header)
        {
            if (header.Length < MinimumLength || header[8] <= 1)
            {
                return false;
            }

            // TTL shares a 16-bit word with the protocol number.
            ushort oldWord = BigEndian.ReadUInt16(header.Slice(8, 2));
            header[8]--;
            ushort newWord = BigEndian.ReadUInt16(header.Slice(8, 2));
            ushort checksum = BigEndian.ReadUInt16(header.Slice(10, 2));
            BigEndian.WriteUInt16(header.Slice(10, 2), InternetChecksum.Update(checksum, oldWord, newWord));
            return true;
        }
    }
}
