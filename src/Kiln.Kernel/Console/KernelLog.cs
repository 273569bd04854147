// The kernel's own output: plain text and numbers written to COM2 (kiln's stderr), with no formatting engine and
// no allocation, so that it works from a panic as well as from boot.
using Kiln.Kernel.Devices;

namespace Kiln.Kernel.Console
{
    internal static unsafe class KernelLog
    {
        private static readonly Serial16550 s_port = new Serial16550(Serial16550.Com2);

        public static void Write(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Put((byte)text[i]);
            }
        }

        public static void Write(System.ReadOnlySpan<byte> text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Put(text[i]);
            }
        }

        public static void WriteLine(string text)
        {
            Write(text);
            Put((byte)'\n');
        }

        public static void WriteLine() => Put((byte)'\n');

        public static void WriteCString(byte* text, int limit)
        {
            for (int i = 0; i < limit && text[i] != 0; i++)
            {
                Put(text[i]);
            }
        }

        public static void WriteHex(ulong value) => WriteHex(value, 16);

        public static void WriteHex(ulong value, int digits)
        {
            Write("0x");
            for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
            {
                int nibble = (int)((value >> shift) & 0xF);
                Put((byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10));
            }
        }

        public static void WriteDecimal(long value)
        {
            if (value < 0)
            {
                Put((byte)'-');
                WriteDecimal((ulong)(-(value + 1)) + 1);
                return;
            }

            WriteDecimal((ulong)value);
        }

        public static void WriteDecimal(ulong value)
        {
            byte* digits = stackalloc byte[20];
            int count = 0;
            do
            {
                digits[count++] = (byte)('0' + (value % 10));
                value /= 10;
            }
            while (value != 0);

            while (count > 0)
            {
                Put(digits[--count]);
            }
        }

        public static void Put(byte value) => s_port.Write(value);
    }
}
