// CRC32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of KilnFS superblocks and log blocks: the same
// function iSCSI, ext4 and btrfs use, so its check value 0xE3069283 for "123456789" is well known.
#nullable enable
using System;

namespace Kiln.Storage
{
    public static class Crc32C
    {
        private static ReflectedCrc32? s_crc;

        public static uint Compute(ReadOnlySpan<byte> data) => Update(0, data);

        /// <summary>Continues a CRC over more bytes: Update(Compute(a), b) == Compute(a followed by b).</summary>
        public static uint Update(uint crc, ReadOnlySpan<byte> data) => (s_crc ??= new ReflectedCrc32(0x82F63B78)).Update(crc, data);
    }
}
