// Parses the --memory value: a whole number of MiB written with a unit (256M, 1G, 512MiB) or bare (MiB, as QEMU's -m).

using System.Text.RegularExpressions;

namespace Kiln.Cli
{
    /// <summary>Guest memory sizes.</summary>
    internal static partial class MemorySize
    {
        /// <summary>The default guest memory.</summary>
        public const string Default = "256M";

        /// <summary>The least memory the kernel and a small program need.</summary>
        public const long MinimumMiB = 32;

        /// <summary>The most kiln will ask QEMU for (1 TiB).</summary>
        public const long MaximumMiB = 1024 * 1024;

        /// <summary>Parses <paramref name="text"/> into MiB.</summary>
        /// <returns>True with the size, or false with a reason to show after the value.</returns>
        public static bool TryParse(string text, out long mebibytes, out string reason)
        {
            mebibytes = 0;
            reason = "";
            Match match = Pattern().Match(text);
            if (!match.Success || !long.TryParse(match.Groups[1].Value, out long number))
            {
                reason = "use a number with a unit, e.g. 256M or 1G";
                return false;
            }

            string unit = match.Groups[2].Value.ToUpperInvariant();
            long kib = unit switch
            {
                "K" => number,
                "G" => number * 1024 * 1024,
                "T" => number * 1024 * 1024 * 1024,
                _ => number * 1024,
            };
            if (number > MaximumMiB * 1024 || kib % 1024 != 0)
            {
                reason = kib % 1024 != 0 ? "it must be a whole number of MiB" : "it is more than 1T";
                return false;
            }

            mebibytes = kib / 1024;
            if (mebibytes < MinimumMiB || mebibytes > MaximumMiB)
            {
                reason = mebibytes < MinimumMiB ? $"Kiln needs at least {MinimumMiB}M" : "it is more than 1T";
                return false;
            }

            return true;
        }

        [GeneratedRegex(@"^([0-9]{1,10})([KMGTkmgt]?)(?:i?[Bb])?$")]
        private static partial Regex Pattern();
    }
}
