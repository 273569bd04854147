// CRC32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum GPT headers and partition arrays carry (UEFI spec,
// "GUID Partition Table Disk Layout"). Check value 0xCBF43926 for "123456789".
#nullable enable
using System;

namespace Kiln.Storage
{
    public static class Crc32
    {
        private static ReflectedCrc32? s_crc;

        public static uint Compute(ReadOnlySpan<byte> data) => Update(0, data);

        public static uint Update(uint crc, ReadOnlySpan<byte> data) => (s_crc ??= new ReflectedCrc32(0xEDB88320)).Update(crc, data);
    }
}
