// CRC-32 as zlib, Ethernet and `gzip` compute it (reflected polynomial 0xEDB88320, initial value and final xor all
// ones). The block self-test prints it over sectors so the host can check what the kernel read.
using System;

namespace Kiln.Devices
{
    public static class Crc32
    {
        private const uint Polynomial = 0xEDB88320;

        /// <summary>Continues a CRC: pass 0 to start, the previous result to extend it over more data.</summary>
        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            uint value = ~crc;
            for (int i = 0; i < data.Length; i++)
            {
                value ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    value = (value >> 1) ^ (Polynomial & (uint)-(int)(value & 1));
                }
            }

            return ~value;
        }
    }
}
