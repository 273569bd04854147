// Network values on the kernel console in the forms people read: MAC addresses as 52:54:00:12:34:56, IPv4 addresses
// (host-order uints, as the stack keeps them) as dotted quads.
using Kiln.Kernel.Console;

namespace Kiln.Kernel.Net
{
    internal static class NetLog
    {
        public static void WriteMac(ulong mac)
        {
            for (int shift = 40; shift >= 0; shift -= 8)
            {
                int octet = (int)((mac >> shift) & 0xFF);
                WriteHexDigit(octet >> 4);
                WriteHexDigit(octet & 0xF);
                if (shift != 0)
                {
                    KernelLog.Put((byte)':');
                }
            }
        }

        public static void WriteIpv4(uint address)
        {
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                KernelLog.WriteDecimal((ulong)((address >> shift) & 0xFF));
                if (shift != 0)
                {
                    KernelLog.Put((byte)'.');
                }
            }
        }

        private static void WriteHexDigit(int nibble) => KernelLog.Put((byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10));
    }
}
