// The Internet checksum (RFC 1071) of a UDP datagram or TCP segment together with its IPv4 pseudo-header
// (RFC 768, RFC 9293 3.1): source address, destination address, a zero byte, the protocol number and the
// transport length. IPv4 addresses are passed as host-order uints (192.168.0.1 is 0xC0A80001). Kept separate from
// the general InternetChecksum so the transport layer can be merged without clashing.
using System;

namespace Kiln.Net
{
    public static class TransportChecksum
    {
        public const byte ProtocolTcp = 6;
        public const byte ProtocolUdp = 17;

        /// <summary>Adds the bytes as big-endian 16-bit words to a running (unfolded) sum; an odd last byte is
        /// padded with zero. Spans after the first must start at an even offset of the checksummed data.</summary>
        public static ulong Add(ulong sum, ReadOnlySpan<byte> data)
        {
            int i = 0;
            int even = data.Length & ~1;
            while (i < even)
            {
                sum += (uint)((data[i] << 8) | data[i + 1]);
                i += 2;
            }
            if (i < data.Length)
            {
                sum += (uint)(data[i] << 8);
            }
            return sum;
        }

        /// <summary>The unfolded sum of the IPv4 pseudo-header.</summary>
        public static ulong PseudoHeaderSum(uint sourceAddress, uint destinationAddress, byte protocol, int length)
        {
            ulong sum = (sourceAddress >> 16) + (sourceAddress & 0xFFFF);
            sum += (destinationAddress >> 16) + (destinationAddress & 0xFFFF);
            sum += protocol;
            sum += (uint)length & 0xFFFF;
            return sum;
        }

        /// <summary>Folds a running sum to 16 bits with end-around carry and complements it.</summary>
        public static ushort Finish(ulong sum)
        {
            while ((sum >> 16) != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return (ushort)~sum;
        }

        /// <summary>The checksum field value for a segment whose checksum field is zero. Over a segment that
        /// already carries its checksum the result is 0 when the checksum is right.</summary>
        public static ushort Compute(uint sourceAddress, uint destinationAddress, byte protocol, ReadOnlySpan<byte> segment)
        {
            ulong sum = PseudoHeaderSum(sourceAddress, destinationAddress, protocol, segment.Length);
            return Finish(Add(sum, segment));
        }

        /// <summary>True when the segment (checksum field included) sums to all ones with its pseudo-header.</summary>
        public static bool Verify(uint sourceAddress, uint destinationAddress, byte protocol, ReadOnlySpan<byte> segment) =>
            Compute(sourceAddress, destinationAddress, protocol, segment) == 0;
    }
}
