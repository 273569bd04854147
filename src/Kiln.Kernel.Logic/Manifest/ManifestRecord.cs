// One key=value record of a manifest, as views into the manifest bytes.

using System;

namespace Kiln.Manifest
{
    /// <summary>A manifest record.</summary>
    public ref struct ManifestRecord
    {
        /// <summary>The parsed key.</summary>
        public ManifestKey Key;

        /// <summary>The key as written (the bytes before the first '=').</summary>
        public ReadOnlySpan<byte> KeyName;

        /// <summary>The value (the bytes after the first '=', up to the NUL).</summary>
        public ReadOnlySpan<byte> Value;
    }
}
