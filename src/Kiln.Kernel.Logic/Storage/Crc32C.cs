// CRC32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of KilnFS superblocks and log blocks: the same
// function iSCSI, ext4 and btrfs use, so its check value 0xE3069283 for "123456789" is well known.
#nullable enable
using System;

namespace Kiln.Storage
{
    public static class Crc32C
    {
        private const uint Polynomial = 0x82F63B78;

        private static uint[]? s_table;

        public static uint Compute(ReadOnlySpan<byte> data) => Update(0, data);

        /// <summary>Continues a CRC over more bytes: Update(Compute(a), b) == Compute(a followed by b).</summary>
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
