// A directory whose entries are a fixed table (PseudoEntry[]): /dev, /proc's named files, /proc/<pid>/ (with the
// pid as context), /sys's tree. Each lookup makes the child from its entry with this directory's context.
using System;
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.FileSystems.Pseudo
{
    internal unsafe class TemplateDirectory : PseudoDirectory
    {
        protected PseudoEntry[] _entries;

        /// <summary>A file system's root listing <paramref name="entries"/>; the caller makes it the root.</summary>
        public TemplateDirectory(PseudoEntry[] entries)
        {
            _entries = entries;
        }

        /// <summary>The factory for PseudoEntry.Directory: a subdirectory with its parent's context.</summary>
        public static Inode Make(PseudoDirectory parent, PseudoEntry entry, long context)
        {
            TemplateDirectory directory = new TemplateDirectory(entry.Children);
            directory.Initialize(parent, entry, context, entry.Mode, entry.InodeNumber(context));
            return directory;
        }

        /// <summary>A subdirectory named by a number (/proc/1, task/2) listing <paramref name="entries"/> with that number as context.</summary>
        public static TemplateDirectory MakeNumbered(PseudoDirectory parent, PseudoEntry[] entries, long number, ulong inodeNumber)
        {
            TemplateDirectory directory = new TemplateDirectory(entries);
            directory.Initialize(parent, null, number, S_IFDIR | 0x16D, inodeNumber);
            directory.NumericName = number;
            return directory;
        }

        protected override bool NextEntry(ref long cursor, Span<byte> name, out int nameLength, out ulong inode, out byte type)
        {
            if (cursor < 0 || cursor >= _entries.Length)
            {
                nameLength = 0;
                inode = 0;
                type = 0;
                return false;
            }

            PseudoEntry entry = _entries[(int)cursor];
            nameLength = CopyName(entry.Name, name);
            inode = entry.InodeNumber(Context);
            type = DirectorySink.TypeOf(entry.Mode);
            return true;
        }

        protected override Inode LookupEntry(ReadOnlySpan<byte> name)
        {
            for (int i = 0; i < _entries.Length; i++)
            {
                if (NameEquals(name, _entries[i].Name))
                {
                    return _entries[i].Factory(this, _entries[i], Context);
                }
            }

            return null;
        }
    }
}
