// Reads the entries of a cpio newc archive (see CpioFormat for the layout) held in memory, in order, up to the
// TRAILER!!! entry. Every header field, name and body is checked against the archive's bounds.

using System;

namespace Kiln.Cpio
{
    /// <summary>A forward-only reader over a cpio newc archive.</summary>
    public ref struct CpioReader
    {
        private ReadOnlySpan<byte> _archive;
        private int _position;
        private CpioError _error;
        private bool _finished;

        /// <summary>Creates a reader positioned at the first entry of <paramref name="archive"/>.</summary>
        public CpioReader(ReadOnlySpan<byte> archive)
        {
            _archive = archive;
            _position = 0;
            _error = CpioError.None;
            _finished = false;
        }

        /// <summary>Why the last <see cref="MoveNext"/> returned false: None when the trailer was reached.</summary>
        public readonly CpioError Error => _error;

        /// <summary>Offset in the archive of the next header (or of the bad one after an error).</summary>
        public readonly int Position => _position;

        /// <summary>Reads the next entry.</summary>
        /// <returns>True with an entry; false at the trailer (Error is None) or on a malformed archive (Error says why).</returns>
        public bool MoveNext(out CpioEntry entry)
        {
            entry = default;
            if (_finished)
            {
                return false;
            }

            _error = ReadEntry(out entry, out int next);
            if (_error != CpioError.None)
            {
                _finished = true;
                return false;
            }

            if (CpioFormat.EqualsAscii(entry.Name, CpioFormat.TrailerName))
            {
                entry = default;
                _finished = true;
                return false;
            }

            _position = next;
            return true;
        }

        /// <summary>Finds the entry called <paramref name="name"/>, ignoring a leading "/" or "./" on either name.</summary>
        public static CpioError Find(ReadOnlySpan<byte> archive, ReadOnlySpan<byte> name, out CpioEntry entry)
        {
            CpioReader reader = new CpioReader(archive);
            while (reader.MoveNext(out entry))
            {
                if (CpioFormat.NamesEqual(entry.Name, name))
                {
                    return CpioError.None;
                }
            }

            entry = default;
            return reader.Error != CpioError.None ? reader.Error : CpioError.NotFound;
        }

        /// <summary>Finds the entry called <paramref name="name"/>, ignoring a leading "/" or "./" on either name.</summary>
        public static CpioError Find(ReadOnlySpan<byte> archive, string name, out CpioEntry entry)
        {
            CpioReader reader = new CpioReader(archive);
            while (reader.MoveNext(out entry))
            {
                if (CpioFormat.NamesEqual(entry.Name, name))
                {
                    return CpioError.None;
                }
            }

            entry = default;
            return reader.Error != CpioError.None ? reader.Error : CpioError.NotFound;
        }

        private readonly CpioError ReadEntry(out CpioEntry entry, out int next)
        {
            entry = default;
            next = _position;
            if (_archive.Length - _position < CpioFormat.HeaderSize)
            {
                return CpioError.Truncated;
            }

            ReadOnlySpan<byte> header = _archive.Slice(_position, CpioFormat.HeaderSize);
            if (!CpioFormat.HasMagic(header))
            {
                return CpioError.BadMagic;
            }

            if (!CpioFormat.TryReadField(header, CpioFormat.FieldInode, out entry.Inode) ||
                !CpioFormat.TryReadField(header, CpioFormat.FieldMode, out entry.Mode) ||
                !CpioFormat.TryReadField(header, CpioFormat.FieldUid, out entry.Uid) ||
                !CpioFormat.TryReadField(header, CpioFormat.FieldGid, out entry.Gid) ||
                !CpioFormat.TryReadField(header, CpioFormat.FieldLinkCount, out entry.LinkCount) ||
                !CpioFormat.TryReadField(header, CpioFormat.FieldModificationTime, out entry.ModificationTime) ||
                !CpioFormat.TryReadField(header, CpioFormat.FieldFileSize, out uint fileSize) ||
                !CpioFormat.TryReadField(header, CpioFormat.FieldNameSize, out uint nameSize) ||
                !AllFieldsAreHex(header))
            {
                return CpioError.BadHexField;
            }

            // Work in long: sizes are up to 2^32 - 1 and positions up to 2^31 - 1, so nothing overflows.
            long nameStart = _position + CpioFormat.HeaderSize;
            long nameEnd = nameStart + nameSize;
            long dataStart = _position + CpioFormat.Align4(CpioFormat.HeaderSize + (long)nameSize);
            long dataEnd = dataStart + fileSize;
            if (nameSize == 0 || nameEnd > _archive.Length)
            {
                return nameSize == 0 ? CpioError.BadName : CpioError.Truncated;
            }

            ReadOnlySpan<byte> name = _archive.Slice((int)nameStart, (int)nameSize);
            if (name[name.Length - 1] != 0 || name.Length == 1)
            {
                return CpioError.BadName;
            }

            entry.Name = name.Slice(0, name.Length - 1);
            bool isTrailer = CpioFormat.EqualsAscii(entry.Name, CpioFormat.TrailerName);
            if (dataEnd > _archive.Length)
            {
                // The trailer needs no padding after it: many writers pad the archive to 512 bytes, some do not.
                return isTrailer && fileSize == 0 ? CpioError.None : CpioError.Truncated;
            }

            entry.Data = _archive.Slice((int)dataStart, (int)fileSize);
            next = (int)Math.Min(CpioFormat.Align4(dataEnd), (long)_archive.Length);
            return CpioError.None;
        }

        private readonly bool AllFieldsAreHex(ReadOnlySpan<byte> header)
        {
            for (int field = 0; field <= CpioFormat.FieldCheck; field++)
            {
                if (!CpioFormat.TryReadField(header, field, out uint _))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
