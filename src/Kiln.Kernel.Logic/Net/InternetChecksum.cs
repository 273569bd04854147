// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of the data taken as
// big-endian 16-bit words, an odd last byte padded with zero. Incremental update follows RFC 1624, equation 3.
using System;

namespace Kiln.Net
{
    public static class InternetChecksum
    {
        /// <summary>Adds data to a running 32-bit sum (not yet folded). Sums of consecutive even-length pieces chain.</summary>
        public static uint Add(uint sum, ReadOnlySpan<byte> data)
        {
            ulong wide = sum;
            int i = 0;
            for (; i + 1 < data.Length; i += 2)
            {
                wide += (uint)((data[i] << 8) | data[i + 1]);
            }

            if (i < data.Length)
            {
                wide += (uint)(data[i] << 8);
            }

            // Fold the carries so the running sum stays within 32 bits for the next call.
            while ((wide >> 32) != 0)
            {
                wide = (wide & 0xFFFF_FFFF) + (wide >> 32);
            }

            return (uint)wide;
        }

        /// <summary>Folds a running sum to 16 bits (end-around carry), without complementing it.</summary>
        public static ushort Fold(uint sum)
        {
            while ((sum >> 16) != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }

            return (ushort)sum;
        }

        /// <summary>The checksum to store in a header whose checksum field is zero while summing.</summary>
        public static ushort Compute(ReadOnlySpan<byte> data) => (ushort)~Fold(Add(0, data));

        /// <summary>True if data, with its checksum field in place, sums to all ones.</summary>
        public static bool Verify(ReadOnlySpan<byte> data) => Fold(Add(0, data)) == 0xFFFF;

        /// <summary>
        /// RFC 1624 equation 3: the new checksum after one 16-bit word changes from oldWord to newWord,
        /// HC' = ~(~HC + ~m + m'). Unlike equation 2 it never produces 0xFFFF from a valid sum of non-zero data.
        /// </summary>
        public static ushort Update(ushort checksum, ushort oldWord, ushort newWord)
        {
            uint sum = (uint)(ushort)~checksum + (uint)(ushort)~oldWord + newWord;
            return (ushort)~Fold(sum);
        }
    }
}
