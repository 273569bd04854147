// One writable volume a run asks for: `--volume NAME:/guest/path[:SIZE]` (or an entry of Mounts in config).

using System;
using System.Globalization;

namespace Kiln.Host
{
    /// <summary>A named volume, where the program sees it, and the size a new one gets.</summary>
    /// <param name="Name">The volume's name: its image file's name and its KilnFS label.</param>
    /// <param name="GuestPath">The absolute directory it is mounted on inside the VM.</param>
    /// <param name="SizeBytes">The size of the image when it has to be created (sparse).</param>
    public sealed record VolumeRequest(string Name, string GuestPath, long SizeBytes)
    {
        /// <summary>A new volume's size unless the request says otherwise: 1 GiB (sparse, so it costs little).</summary>
        public const long DefaultSizeBytes = 1L << 30;

        /// <summary>The smallest volume: room for the GPT, both log areas and some data.</summary>
        public const long MinimumSizeBytes = 8L << 20;

        /// <summary>The longest name: the KilnFS label field.</summary>
        public const int MaxNameLength = 32;

        /// <summary>Parses NAME:/path or NAME:/path:SIZE (SIZE in bytes or with K, M, G or T); false with the reason.</summary>
        public static bool TryParse(string text, out VolumeRequest? request, out string reason)
        {
            request = null;
            string[] parts = text.Split(':');
            if (parts.Length < 2 || parts.Length > 3)
            {
                reason = "expected NAME:/PATH or NAME:/PATH:SIZE";
                return false;
            }

            if (!IsValidName(parts[0], out reason))
            {
                return false;
            }

            string path = parts[1];
            if (!path.StartsWith('/') || path.TrimEnd('/').Length == 0)
            {
                reason = $"the mount point '{path}' must be an absolute path other than /";
                return false;
            }

            long size = DefaultSizeBytes;
            if (parts.Length == 3 && !TryParseSize(parts[2], out size, out reason))
            {
                return false;
            }

            request = new VolumeRequest(parts[0], path.TrimEnd('/'), size);
            reason = "";
            return true;
        }

        /// <summary>Names are 1-32 characters of letters, digits, '.', '_' and '-', not starting with '.'; "root" is the image's.</summary>
        public static bool IsValidName(string name, out string reason)
        {
            reason = "";
            if (name.Length == 0 || name.Length > MaxNameLength)
            {
                reason = $"a volume name has 1 to {MaxNameLength} characters";
                return false;
            }

            foreach (char c in name)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-'))
                {
                    reason = $"the volume name '{name}' may hold only letters, digits, '.', '_' and '-'";
                    return false;
                }
            }

            if (name[0] == '.')
            {
                reason = $"the volume name '{name}' must not start with '.'";
                return false;
            }

            if (name == "root")
            {
                reason = "'root' is the name of the image's own file system";
                return false;
            }

            return true;
        }

        private static bool TryParseSize(string text, out long bytes, out string reason)
        {
            bytes = 0;
            reason = $"invalid size '{text}': expected a number of bytes, or one with K, M, G or T, of at least 8M";
            if (text.Length == 0)
            {
                return false;
            }

            int shift = 0;
            switch (char.ToUpperInvariant(text[^1]))
            {
                case 'K':
                    shift = 10;
                    break;
                case 'M':
                    shift = 20;
                    break;
                case 'G':
                    shift = 30;
                    break;
                case 'T':
                    shift = 40;
                    break;
            }

            string digits = shift == 0 ? text : text[..^1];
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value > (long.MaxValue >> shift))
            {
                return false;
            }

            bytes = value << shift;
            return bytes >= MinimumSizeBytes;
        }
    }
}
