// Writes a cpio newc archive (see CpioFormat) into a caller-supplied buffer. MeasureEntry and MeasureTrailer give the
// exact size to allocate first, so the writer itself never allocates.

using System;

namespace Kiln.Cpio
{
    /// <summary>A forward-only writer of cpio newc entries into a fixed buffer.</summary>
    public ref struct CpioWriter
    {
        private Span<byte> _buffer;
        private int _position;
        private uint _nextInode;
        private bool _finished;

        /// <summary>Creates a writer that fills <paramref name="buffer"/> from its start.</summary>
        public CpioWriter(Span<byte> buffer)
        {
            _buffer = buffer;
            _position = 0;
            _nextInode = 1;
            _finished = false;
        }

        /// <summary>Number of bytes written so far.</summary>
        public readonly int Length => _position;

        /// <summary>Bytes an entry with a name of <paramref name="nameLength"/> bytes and a body of
        /// <paramref name="dataLength"/> bytes takes, padding included.</summary>
        public static long MeasureEntry(int nameLength, long dataLength)
        {
            return CpioFormat.Align4(CpioFormat.HeaderSize + (long)nameLength + 1) + CpioFormat.Align4(dataLength);
        }

        /// <summary>Bytes the TRAILER!!! entry takes.</summary>
        public static long MeasureTrailer()
        {
            return MeasureEntry(CpioFormat.TrailerName.Length, 0);
        }

        /// <summary>Appends an entry; <paramref name="mode"/> holds the type and permission bits (0100755).</summary>
        /// <returns>None, InvalidName for an empty name or one holding NUL, BufferTooSmall, or Finished.</returns>
        public CpioError Add(ReadOnlySpan<byte> name, uint mode, ReadOnlySpan<byte> data)
        {
            if (_finished)
            {
                return CpioError.Finished;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (name[i] == 0)
                {
                    return CpioError.InvalidName;
                }
            }

            if (name.IsEmpty)
            {
                return CpioError.InvalidName;
            }

            uint linkCount = (mode & CpioFormat.S_IFMT) == CpioFormat.S_IFDIR ? 2u : 1u;
            int start = _position;
            CpioError error = WriteHeader(name.Length, mode, linkCount, _nextInode, data);
            if (error != CpioError.None)
            {
                return error;
            }

            name.CopyTo(_buffer.Slice(start + CpioFormat.HeaderSize));
            _nextInode++;
            return CpioError.None;
        }

        /// <summary>Appends the TRAILER!!! entry; no entry may follow.</summary>
        public CpioError Finish()
        {
            if (_finished)
            {
                return CpioError.Finished;
            }

            string name = CpioFormat.TrailerName;
            int start = _position;
            CpioError error = WriteHeader(name.Length, 0, 1, 0, default);
            if (error != CpioError.None)
            {
                return error;
            }

            for (int i = 0; i < name.Length; i++)
            {
                _buffer[start + CpioFormat.HeaderSize + i] = (byte)name[i];
            }

            _finished = true;
            return CpioError.None;
        }

        /// <summary>
        /// Writes an entry's header, name and padding for a writer that streams the body itself: the caller then
        /// writes <paramref name="dataLength"/> bytes and pads them with zeros to a multiple of 4.
        /// </summary>
        /// <param name="destination">At least <see cref="CpioFormat.HeaderSize"/> + name length + 4 bytes.</param>
        /// <param name="name">The entry name, without NUL.</param>
        /// <param name="mode">Type and permission bits.</param>
        /// <param name="inode">The inode number (distinct per entry; 0 for the trailer).</param>
        /// <param name="dataLength">The body's length.</param>
        /// <param name="written">Bytes written to <paramref name="destination"/>.</param>
        /// <returns>None, InvalidName, or BufferTooSmall.</returns>
        public static CpioError EncodeHeader(Span<byte> destination, ReadOnlySpan<byte> name, uint mode, uint inode, uint dataLength, out int written)
        {
            written = 0;
            if (name.IsEmpty)
            {
                return CpioError.InvalidName;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (name[i] == 0)
                {
                    return CpioError.InvalidName;
                }
            }

            int size = (int)CpioFormat.Align4(CpioFormat.HeaderSize + (long)name.Length + 1);
            if (size > destination.Length)
            {
                return CpioError.BufferTooSmall;
            }

            uint linkCount = (mode & CpioFormat.S_IFMT) == CpioFormat.S_IFDIR ? 2u : 1u;
            Span<byte> entry = destination.Slice(0, size);
            WriteHeaderFields(entry, name.Length, mode, linkCount, inode, dataLength);
            name.CopyTo(entry.Slice(CpioFormat.HeaderSize));
            written = size;
            return CpioError.None;
        }

        // Writes the header, zeroed name and padding, and the body; the caller copies the name in afterwards.
        private CpioError WriteHeader(int nameLength, uint mode, uint linkCount, uint inode, ReadOnlySpan<byte> data)
        {
            long size = MeasureEntry(nameLength, data.Length);
            if (size > _buffer.Length - _position)
            {
                return CpioError.BufferTooSmall;
            }

            Span<byte> entry = _buffer.Slice(_position, (int)size);
            WriteHeaderFields(entry, nameLength, mode, linkCount, inode, (uint)data.Length);
            int dataStart = (int)CpioFormat.Align4(CpioFormat.HeaderSize + (long)nameLength + 1);
            data.CopyTo(entry.Slice(dataStart));
            _position += (int)size;
            return CpioError.None;
        }

        // Zeroes `entry` and fills in the magic and the header fields.
        private static void WriteHeaderFields(Span<byte> entry, int nameLength, uint mode, uint linkCount, uint inode, uint dataLength)
        {
            for (int i = 0; i < entry.Length; i++)
            {
                entry[i] = 0;
            }

            entry[0] = (byte)'0';
            entry[1] = (byte)'7';
            entry[2] = (byte)'0';
            entry[3] = (byte)'7';
            entry[4] = (byte)'0';
            entry[5] = (byte)'1';
            for (int field = 0; field <= CpioFormat.FieldCheck; field++)
            {
                CpioFormat.WriteField(entry, field, 0);
            }

            CpioFormat.WriteField(entry, CpioFormat.FieldInode, inode);
            CpioFormat.WriteField(entry, CpioFormat.FieldMode, mode);
            CpioFormat.WriteField(entry, CpioFormat.FieldLinkCount, linkCount);
            CpioFormat.WriteField(entry, CpioFormat.FieldFileSize, dataLength);
            CpioFormat.WriteField(entry, CpioFormat.FieldNameSize, (uint)nameLength + 1);
        }
    }
}
