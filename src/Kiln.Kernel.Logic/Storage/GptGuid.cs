// A GUID as GPT stores it: 16 bytes, the first three fields little-endian ("mixed endian"), so the text form
// 8E7E4A3C-1B5D-... is stored 3C 4A 7E 8E 5D 1B .... Kept as two words so it needs no System.Guid (the kernel's core
// library has none).
using System;
using System.Buffers.Binary;

namespace Kiln.Storage
{
    public readonly struct GptGuid
    {
        public readonly ulong Low;
        public readonly ulong High;

        public GptGuid(ulong low, ulong high)
        {
            Low = low;
            High = high;
        }

        public bool IsZero => Low == 0 && High == 0;

        public bool Equals(GptGuid other) => Low == other.Low && High == other.High;

        public static GptGuid Read(ReadOnlySpan<byte> bytes) =>
            new GptGuid(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(8)));

        public void Write(Span<byte> bytes)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, Low);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.Slice(8), High);
        }

        /// <summary>Parses the canonical text form (36 characters with dashes); panics in the kernel on bad input, so only constants go here.</summary>
        public static GptGuid Parse(string text)
        {
            Span<byte> raw = stackalloc byte[16];
            int nibble = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '-')
                {
                    continue;
                }

                int value = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
                raw[nibble / 2] = (byte)((raw[nibble / 2] << 4) | value);
                nibble++;
            }

            // The text's first three groups are the little-endian fields; reverse them into disk order.
            Span<byte> disk = stackalloc byte[16];
            disk[0] = raw[3];
            disk[1] = raw[2];
            disk[2] = raw[1];
            disk[3] = raw[0];
            disk[4] = raw[5];
            disk[5] = raw[4];
            disk[6] = raw[7];
            disk[7] = raw[6];
            for (int i = 8; i < 16; i++)
            {
                disk[i] = raw[i];
            }

            return Read(disk);
        }
    }
}
