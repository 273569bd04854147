// The table-driven, bit-reflected 32-bit CRC that both of Kiln's disk checksums are: one table per polynomial, built on
// first use. Crc32 (IEEE, for GPT) and Crc32C (Castagnoli, for KilnFS) are this with their polynomials.
#nullable enable
using System;

namespace Kiln.Storage
{
    internal sealed class ReflectedCrc32
    {
        private readonly uint[] _table = new uint[256];

        public ReflectedCrc32(uint polynomial)
        {
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
                }

                _table[n] = c;
            }
        }

        /// <summary>Continues <paramref name="crc"/> over <paramref name="data"/> (start from 0).</summary>
        public uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            crc = ~crc;
            for (int i = 0; i < data.Length; i++)
            {
                crc = _table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return ~crc;
        }
    }
}
