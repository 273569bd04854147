// Formats text into a caller's byte buffer, the way Linux's seq_file helpers do (seq_puts, seq_put_decimal_ull,
// seq_put_hex_ll, seq_pad): /proc and /sys contents are built with it. It never writes past the buffer; a writer that
// ran out of room says so (Overflowed) and the caller retries with a bigger buffer, as seq_file does.
using System;

namespace Kiln.Text
{
    public ref struct ByteWriter
    {
        private readonly Span<byte> _buffer;
        private int _length;
        private bool _overflowed;
        private int _padUntil;

        public ByteWriter(Span<byte> buffer)
        {
            _buffer = buffer;
            _length = 0;
            _overflowed = false;
            _padUntil = 0;
        }

        /// <summary>Bytes written so far.</summary>
        public readonly int Length => _length;

        /// <summary>True when something did not fit: the text is cut short and must be made again in a bigger buffer.</summary>
        public readonly bool Overflowed => _overflowed;

        /// <summary>What has been written.</summary>
        public readonly ReadOnlySpan<byte> Written => _buffer.Slice(0, _length);

        public void Append(byte value)
        {
            if (_length < _buffer.Length)
            {
                _buffer[_length++] = value;
            }
            else
            {
                _overflowed = true;
            }
        }

        public void Append(char value) => Append((byte)value);

        public void Append(ReadOnlySpan<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                Append(bytes[i]);
            }
        }

        /// <summary>Appends an ASCII string.</summary>
        public void Append(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Append((byte)text[i]);
            }
        }

        /// <summary>Appends bytes up to (not including) the first NUL.</summary>
        public void AppendUntilNul(ReadOnlySpan<byte> bytes)
        {
            for (int i = 0; i < bytes.Length && bytes[i] != 0; i++)
            {
                Append(bytes[i]);
            }
        }

        public void Decimal(ulong value) => Decimal(value, 0, (byte)' ');

        public void Decimal(long value)
        {
            if (value < 0)
            {
                Append((byte)'-');
                Decimal((ulong)(-(value + 1)) + 1);
            }
            else
            {
                Decimal((ulong)value);
            }
        }

        /// <summary>A decimal number right-aligned in <paramref name="width"/> columns, padded with <paramref name="pad"/>.</summary>
        public void Decimal(ulong value, int width, byte pad)
        {
            Span<byte> digits = stackalloc byte[20];
            int count = 0;
            do
            {
                digits[count++] = (byte)('0' + (value % 10));
                value /= 10;
            }
            while (value != 0);

            for (int i = count; i < width; i++)
            {
                Append(pad);
            }

            while (count > 0)
            {
                Append(digits[--count]);
            }
        }

        /// <summary>Lower-case hexadecimal with at least <paramref name="minDigits"/> digits (zero-padded), no prefix.</summary>
        public void Hex(ulong value, int minDigits)
        {
            Span<byte> digits = stackalloc byte[16];
            int count = 0;
            do
            {
                int nibble = (int)(value & 0xF);
                digits[count++] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
                value >>= 4;
            }
            while (value != 0);

            for (int i = count; i < minDigits; i++)
            {
                Append((byte)'0');
            }

            while (count > 0)
            {
                Append(digits[--count]);
            }
        }

        /// <summary>A fixed-point number with <paramref name="decimals"/> digits after the point: Fixed(12345, 2) is "123.45".</summary>
        public void Fixed(ulong scaled, int decimals)
        {
            ulong divisor = 1;
            for (int i = 0; i < decimals; i++)
            {
                divisor *= 10;
            }

            Decimal(scaled / divisor);
            Append((byte)'.');
            Decimal(scaled % divisor, decimals, (byte)'0');
        }

        /// <summary>Text left-aligned in <paramref name="width"/> columns (printf's %-Ns).</summary>
        public void LeftAligned(string text, int width)
        {
            Append(text);
            for (int i = text.Length; i < width; i++)
            {
                Append((byte)' ');
            }
        }

        /// <summary>A decimal number left-aligned in <paramref name="width"/> columns (printf's %-Nlu).</summary>
        public void LeftAligned(ulong value, int width)
        {
            int start = _length;
            Decimal(value);
            for (int i = _length - start; i < width; i++)
            {
                Append((byte)' ');
            }
        }

        /// <summary>seq_setwidth: the next <see cref="Pad"/> fills with spaces up to <paramref name="width"/> bytes from here.</summary>
        public void SetWidth(int width) => _padUntil = _length + width;

        /// <summary>seq_pad: spaces up to the width set by <see cref="SetWidth"/>, then <paramref name="terminator"/> (unless 0).</summary>
        public void Pad(byte terminator)
        {
            while (_length < _padUntil && !_overflowed)
            {
                Append((byte)' ');
            }

            if (terminator != 0)
            {
                Append(terminator);
            }
        }
    }
}
