// A random (version 4, RFC 9562 section 5.4) UUID as /proc/sys/kernel/random/uuid and boot_id print it: 36
// lower-case characters in the 8-4-4-4-12 grouping and a newline. The caller supplies the 16 random bytes.
using System;
using Kiln.Text;

namespace Kiln.Proc
{
    public static class UuidText
    {
        public static void Write(ref ByteWriter text, ReadOnlySpan<byte> random)
        {
            for (int i = 0; i < 16; i++)
            {
                byte value = random[i];
                if (i == 6)
                {
                    value = (byte)((value & 0x0F) | 0x40);
                }
                else if (i == 8)
                {
                    value = (byte)((value & 0x3F) | 0x80);
                }

                if (i == 4 || i == 6 || i == 8 || i == 10)
                {
                    text.Append('-');
                }

                text.Hex(value, 2);
            }

            text.Append('\n');
        }
    }
}
