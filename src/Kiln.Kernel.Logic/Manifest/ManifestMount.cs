// The value of a manifest `mount` record, "LABEL:/guest/path": the KilnFS label of a volume (a disk's partition name,
// at most the superblock's 32 bytes) and the absolute directory it is mounted on.
using System;

namespace Kiln.Manifest
{
    /// <summary>Splits and checks a <c>mount</c> value.</summary>
    public static class ManifestMount
    {
        /// <summary>The longest label: the superblock's label field.</summary>
        public const int MaxLabelLength = 32;

        /// <summary>True with the label and the path when <paramref name="value"/> is LABEL:/path.</summary>
        public static bool TrySplit(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> label, out ReadOnlySpan<byte> path)
        {
            int colon = ManifestKeys.IndexOf(value, (byte)':');
            label = default;
            path = default;
            if (colon <= 0 || colon > MaxLabelLength || colon + 1 >= value.Length || value[colon + 1] != (byte)'/')
            {
                return false;
            }

            label = value.Slice(0, colon);
            path = value.Slice(colon + 1);
            return true;
        }
    }
}
