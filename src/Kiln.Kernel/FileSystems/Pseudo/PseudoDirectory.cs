// A directory of a pseudo file system. Subclasses say what entries it has now (NextEntry, in a stable order keyed
// by a cursor: an index into a table, a descriptor number, a thread id) and make the inode for a name (LookupEntry);
// this class lists them for getdents64, with "." and ".." first, and hands out the looked-up child held.
using System;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Pseudo
{
    internal abstract class PseudoDirectory : PseudoInode
    {
        public const int MaxNameLength = 32;

        /// <summary>Makes this directory the permanent root of <paramref name="fileSystem"/> (its own parent, never evicted).</summary>
        public void InitializeRoot(FileSystem fileSystem)
        {
            Initialize(fileSystem, 1, S_IFDIR | 0x16D);
            LinkCount = 2;
            Parent = this;
            Hold();
        }

        /// <summary>
        /// The first entry whose key is at least <paramref name="cursor"/>: false when there is none; otherwise the
        /// cursor moves to its key, and its name, inode number and d_type are given.
        /// </summary>
        protected abstract bool NextEntry(ref long cursor, Span<byte> name, out int nameLength, out ulong inode, out byte type);

        /// <summary>The inode called <paramref name="name"/>, made for this lookup (not yet held), or null.</summary>
        protected abstract Inode LookupEntry(ReadOnlySpan<byte> name);

        public override int Lookup(ReadOnlySpan<byte> name, out Inode child)
        {
            child = LookupEntry(name);
            if (child == null)
            {
                return (int)-Errno.ENOENT;
            }

            child.Hold();
            return 0;
        }

        public override int ReadDirectory(ref long position, ref DirectorySink sink)
        {
            if (position == 0)
            {
                if (!sink.Add(Number, 1, DirectorySink.DT_DIR, "."u8))
                {
                    return 0;
                }

                position = 1;
            }

            if (position == 1)
            {
                if (!sink.Add(Parent.Number, 2, DirectorySink.DT_DIR, ".."u8))
                {
                    return 0;
                }

                position = 2;
            }

            Span<byte> name = stackalloc byte[MaxNameLength];
            long cursor = position - 2;
            while (NextEntry(ref cursor, name, out int length, out ulong inode, out byte type))
            {
                if (!sink.Add(inode, cursor + 3, type, name.Slice(0, length)))
                {
                    return 0;
                }

                cursor++;
                position = cursor + 2;
            }

            return 0;
        }

        /// <summary>Writes an ASCII name into <paramref name="buffer"/>: its length.</summary>
        protected static int CopyName(string text, Span<byte> buffer)
        {
            int length = Math.Min(text.Length, buffer.Length);
            for (int i = 0; i < length; i++)
            {
                buffer[i] = (byte)text[i];
            }

            return length;
        }

        /// <summary>Writes a decimal number into <paramref name="buffer"/>: its length.</summary>
        protected static int CopyNumber(long value, Span<byte> buffer)
        {
            Kiln.Text.ByteWriter writer = new Kiln.Text.ByteWriter(buffer);
            writer.Decimal(value);
            return writer.Length;
        }

        /// <summary>The value of a name made only of decimal digits (no sign, no leading zero), or -1.</summary>
        protected static long ParseNumber(ReadOnlySpan<byte> name)
        {
            if (name.IsEmpty || name.Length > 10 || (name[0] == (byte)'0' && name.Length > 1))
            {
                return -1;
            }

            long value = 0;
            for (int i = 0; i < name.Length; i++)
            {
                if (name[i] < (byte)'0' || name[i] > (byte)'9')
                {
                    return -1;
                }

                value = (value * 10) + (name[i] - (byte)'0');
            }

            return value;
        }

        protected static bool NameEquals(ReadOnlySpan<byte> name, string text)
        {
            if (name.Length != text.Length)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (name[i] != (byte)text[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
