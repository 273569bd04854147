// CRC32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum GPT headers and partition arrays carry (UEFI spec,
// "GUID Partition Table Disk Layout"). Check value 0xCBF43926 for "123456789".
#nullable enable
using System;

namespace Kiln.Storage
{
    public static class Crc32
    {
        private const uint Polynomial = 0xEDB88320;

        private static uint[]? s_table;

        public static uint Compute(ReadOnlySpan<byte> data) => Update(0, data);

        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            uint[] table = s_table ?? BuildTable();
            crc = ~crc;
            for (int i = 0; i < data.Length; i++)
            {
                crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return ~crc;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            s_table = table;
            return table;
        }
    }
}
