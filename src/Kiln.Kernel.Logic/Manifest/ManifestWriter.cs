// Writes manifest records (format in ManifestReader) into a caller-supplied buffer; Measure gives the size first.

using System;

namespace Kiln.Manifest
{
    /// <summary>A forward-only writer of manifest records into a fixed buffer.</summary>
    public ref struct ManifestWriter
    {
        private Span<byte> _buffer;
        private int _position;

        /// <summary>Creates a writer that fills <paramref name="buffer"/> from its start.</summary>
        public ManifestWriter(Span<byte> buffer)
        {
            _buffer = buffer;
            _position = 0;
        }

        /// <summary>Number of bytes written so far.</summary>
        public readonly int Length => _position;

        /// <summary>Bytes the record <paramref name="key"/>=value takes for a value of <paramref name="valueLength"/> bytes.</summary>
        public static int Measure(ManifestKey key, int valueLength)
        {
            return ManifestKeys.Name(key).Length + 1 + valueLength + 1;
        }

        /// <summary>Appends the record key=value after checking the value against the key's rules.</summary>
        /// <returns>None, the rule the value breaks (BadEnv, BadFlag, ValueHasNul, ...), or BufferTooSmall.</returns>
        public ManifestError Add(ManifestKey key, ReadOnlySpan<byte> value)
        {
            ManifestError error = ManifestKeys.CheckValue(key, value);
            if (error != ManifestError.None)
            {
                return error;
            }

            string name = ManifestKeys.Name(key);
            int size = Measure(key, value.Length);
            if (size > _buffer.Length - _position)
            {
                return ManifestError.BufferTooSmall;
            }

            for (int i = 0; i < name.Length; i++)
            {
                _buffer[_position + i] = (byte)name[i];
            }

            _buffer[_position + name.Length] = (byte)'=';
            value.CopyTo(_buffer.Slice(_position + name.Length + 1));
            _buffer[_position + size - 1] = 0;
            _position += size;
            return ManifestError.None;
        }
    }
}
