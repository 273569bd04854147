// The Internet checksum (RFC 1071, InternetChecksum) of a UDP datagram or TCP segment together with its IPv4
// pseudo-header (RFC 768, RFC 9293 3.1): source address, destination address, a zero byte, the protocol number and
// the transport length. IPv4 addresses are passed as host-order uints (192.168.0.1 is 0xC0A80001).
using System;

namespace Kiln.Net
{
    public static class TransportChecksum
    {
        public const byte ProtocolTcp = 6;
        public const byte ProtocolUdp = 17;

        /// <summary>The unfolded sum of the IPv4 pseudo-header, to continue with InternetChecksum.Add.</summary>
        public static uint PseudoHeaderSum(uint sourceAddress, uint destinationAddress, byte protocol, int length) =>
            (sourceAddress >> 16) + (sourceAddress & 0xFFFF) + (destinationAddress >> 16) + (destinationAddress & 0xFFFF)
            + protocol + ((uint)length & 0xFFFF);

        /// <summary>The checksum field value for a segment whose checksum field is zero. Over a segment that
        /// already carries its checksum the result is 0 when the checksum is right.</summary>
        public static ushort Compute(uint sourceAddress, uint destinationAddress, byte protocol, ReadOnlySpan<byte> segment)
        {
            uint sum = PseudoHeaderSum(sourceAddress, destinationAddress, protocol, segment.Length);
            return (ushort)~InternetChecksum.Fold(InternetChecksum.Add(sum, segment));
        }

        /// <summary>True when the segment (checksum field included) sums to all ones with its pseudo-header.</summary>
        public static bool Verify(uint sourceAddress, uint destinationAddress, byte protocol, ReadOnlySpan<byte> segment) =>
            Compute(sourceAddress, destinationAddress, protocol, segment) == 0;
    }
}
