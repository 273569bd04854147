// Layout of the cpio "newc" format (SVR4 without checksums, magic "070701"), as written by `cpio -H newc` and read
// by the Linux initramfs unpacker: a 110-byte ASCII header of 13 eight-digit hex fields, the NUL-terminated name,
// padding to 4 bytes, the file body, padding to 4 bytes. The archive ends with an entry named "TRAILER!!!".

using System;

namespace Kiln.Cpio
{
    /// <summary>Constants and field helpers of the cpio newc format.</summary>
    public static class CpioFormat
    {
        /// <summary>Size of a newc header: 6 magic bytes and 13 fields of 8 hex digits.</summary>
        public const int HeaderSize = 110;

        /// <summary>The name of the last entry.</summary>
        public const string TrailerName = "TRAILER!!!";

        /// <summary>Mask of the file type bits in a mode.</summary>
        public const uint S_IFMT = 0xf000;
        /// <summary>Regular file.</summary>
        public const uint S_IFREG = 0x8000;
        /// <summary>Directory.</summary>
        public const uint S_IFDIR = 0x4000;
        /// <summary>Symbolic link.</summary>
        public const uint S_IFLNK = 0xa000;

        // Field indices, in header order after the magic.
        internal const int FieldInode = 0;
        internal const int FieldMode = 1;
        internal const int FieldUid = 2;
        internal const int FieldGid = 3;
        internal const int FieldLinkCount = 4;
        internal const int FieldModificationTime = 5;
        internal const int FieldFileSize = 6;
        internal const int FieldNameSize = 11;
        internal const int FieldCheck = 12;

        /// <summary>Rounds <paramref name="value"/> up to a multiple of 4.</summary>
        public static long Align4(long value)
        {
            return (value + 3) & ~3L;
        }

        /// <summary>True if <paramref name="header"/> starts with "070701".</summary>
        internal static bool HasMagic(ReadOnlySpan<byte> header)
        {
            return header[0] == (byte)'0' && header[1] == (byte)'7' && header[2] == (byte)'0' &&
                header[3] == (byte)'7' && header[4] == (byte)'0' && header[5] == (byte)'1';
        }

        /// <summary>Parses field <paramref name="index"/> of a header: 8 hex digits, either case.</summary>
        internal static bool TryReadField(ReadOnlySpan<byte> header, int index, out uint value)
        {
            value = 0;
            int start = 6 + (index * 8);
            for (int i = 0; i < 8; i++)
            {
                int digit = HexValue(header[start + i]);
                if (digit < 0)
                {
                    return false;
                }

                value = (value << 4) | (uint)digit;
            }

            return true;
        }

        /// <summary>Writes field <paramref name="index"/> as 8 upper-case hex digits, as GNU cpio does.</summary>
        internal static void WriteField(Span<byte> header, int index, uint value)
        {
            int start = 6 + (index * 8);
            for (int i = 7; i >= 0; i--)
            {
                uint digit = value & 0xf;
                header[start + i] = (byte)(digit < 10 ? '0' + digit : 'A' + digit - 10);
                value >>= 4;
            }
        }

        /// <summary>True if two archive names denote the same path, ignoring a leading "/" or "./" on either.</summary>
        public static bool NamesEqual(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        {
            a = StripLeading(a);
            b = StripLeading(b);
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True if an archive name and an ASCII path denote the same path, ignoring a leading "/" or "./".</summary>
        public static bool NamesEqual(ReadOnlySpan<byte> a, string b)
        {
            a = StripLeading(a);
            int start = 0;
            while (true)
            {
                if (start + 1 <= b.Length && b[start] == '/')
                {
                    start++;
                }
                else if (start + 2 <= b.Length && b[start] == '.' && b[start + 1] == '/')
                {
                    start += 2;
                }
                else
                {
                    break;
                }
            }

            if (a.Length != b.Length - start)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[start + i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True if <paramref name="name"/> equals the ASCII string <paramref name="text"/>.</summary>
        internal static bool EqualsAscii(ReadOnlySpan<byte> name, string text)
        {
            if (name.Length != text.Length)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (name[i] != text[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static ReadOnlySpan<byte> StripLeading(ReadOnlySpan<byte> name)
        {
            while (true)
            {
                if (name.Length >= 1 && name[0] == (byte)'/')
                {
                    name = name.Slice(1);
                }
                else if (name.Length >= 2 && name[0] == (byte)'.' && name[1] == (byte)'/')
                {
                    name = name.Slice(2);
                }
                else
                {
                    return name;
                }
            }
        }

        private static int HexValue(byte c)
        {
            if (c >= (byte)'0' && c <= (byte)'9')
            {
                return c - '0';
            }

            if (c >= (byte)'a' && c <= (byte)'f')
            {
                return c - 'a' + 10;
            }

            if (c >= (byte)'A' && c <= (byte)'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
