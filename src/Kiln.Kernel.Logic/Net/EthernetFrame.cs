// The Ethernet II header: destination MAC, source MAC and EtherType, followed by the payload. The frame check
// sequence is stripped by the NIC (virtio-net never hands it over), so it is not part of the frame here.
// MAC addresses are held in the low 48 bits of a ulong, first octet most significant.
using System;

namespace Kiln.Net
{
    public struct EthernetFrame
    {
        public const int HeaderLength = 14;
        public const ulong BroadcastMac = 0xFFFF_FFFF_FFFF;

        public ulong Destination;
        public ulong Source;
        public ushort EtherType;

        /// <summary>Parses the header; the payload is frame.Slice(HeaderLength).</summary>
        public static NetError Parse(ReadOnlySpan<byte> frame, out EthernetFrame header)
        {
            header = default;
            if (frame.Length < HeaderLength)
            {
                return NetError.TooShort;
            }

            header.Destination = BigEndian.ReadUInt48(frame);
            header.Source = BigEndian.ReadUInt48(frame.Slice(6, 6));
            header.EtherType = BigEndian.ReadUInt16(frame.Slice(12, 2));
            return NetError.None;
        }

        /// <summary>Writes the header at the start of destination; returns HeaderLength, or 0 if it does not fit.</summary>
        public int Write(Span<byte> destination)
        {
            if (destination.Length < HeaderLength)
            {
                return 0;
            }

            BigEndian.WriteUInt48(destination, Destination & BroadcastMac);
            BigEndian.WriteUInt48(destination.Slice(6, 6), Source & BroadcastMac);
            BigEndian.WriteUInt16(destination.Slice(12, 2), EtherType);
            return HeaderLength;
        }
    }
}
