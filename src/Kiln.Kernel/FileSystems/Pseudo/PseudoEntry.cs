// One name in a pseudo file system's table: what kind of inode to make when it is looked up (Factory), its mode, and
// what fills it (Content writes a file's text or a symlink's target; Children lists a subdirectory's entries).
// Tables are built once at boot; the inodes they describe are made per lookup with a context (the thread id for
// /proc/<pid> entries), so one table serves every process and thread directory.
using Kiln.Kernel.Vfs;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Pseudo
{
    internal sealed unsafe class PseudoEntry
    {
        private static int s_nextId = 1;

        public readonly string Name;
        public readonly uint Mode;
        public readonly delegate*<PseudoDirectory, PseudoEntry, long, Inode> Factory;
        public readonly delegate*<ref ByteWriter, long, void> Content;
        public readonly PseudoEntry[] Children;

        /// <summary>st_rdev of a device node.</summary>
        public ulong DeviceNumber;

        /// <summary>For a writable file: takes the bytes written (as one write) and returns the count or -errno.</summary>
        public delegate*<byte*, int, long, long> Write;

        /// <summary>A number unique among entries, part of the inode numbers made from this entry.</summary>
        public readonly int Id = s_nextId++;

        private PseudoEntry(string name, uint mode, delegate*<PseudoDirectory, PseudoEntry, long, Inode> factory,
            delegate*<ref ByteWriter, long, void> content, PseudoEntry[] children)
        {
            Name = name;
            Mode = mode;
            Factory = factory;
            Content = content;
            Children = children;
        }

        /// <summary>A read-only file whose contents <paramref name="content"/> writes at open time.</summary>
        public static PseudoEntry File(string name, delegate*<ref ByteWriter, long, void> content) =>
            new PseudoEntry(name, Inode.S_IFREG | 0x124, &GeneratedFile.Make, content, null);

        /// <summary>A file the owner may also write (mode 0644), through <paramref name="write"/>.</summary>
        public static PseudoEntry WritableFile(string name, delegate*<ref ByteWriter, long, void> content, delegate*<byte*, int, long, long> write)
        {
            PseudoEntry entry = new PseudoEntry(name, Inode.S_IFREG | 0x1A4, &GeneratedFile.Make, content, null);
            entry.Write = write;
            return entry;
        }

        /// <summary>A symlink whose target <paramref name="target"/> writes when it is read.</summary>
        public static PseudoEntry Symlink(string name, delegate*<ref ByteWriter, long, void> target) =>
            new PseudoEntry(name, Inode.S_IFLNK | 0x1FF, &GeneratedSymlink.Make, target, null);

        /// <summary>A directory listing <paramref name="children"/>, with the same context as its parent.</summary>
        public static PseudoEntry Directory(string name, PseudoEntry[] children) =>
            new PseudoEntry(name, Inode.S_IFDIR | 0x16D, &TemplateDirectory.Make, null, children);

        /// <summary>A directory of another kind (descriptors, threads), made by <paramref name="factory"/>.</summary>
        public static PseudoEntry Special(string name, uint mode, delegate*<PseudoDirectory, PseudoEntry, long, Inode> factory) =>
            new PseudoEntry(name, mode, factory, null, null);

        /// <summary>A character device node (mode 0666 unless given).</summary>
        public static PseudoEntry Device(string name, uint permissions, uint major, uint minor, delegate*<PseudoDirectory, PseudoEntry, long, Inode> factory)
        {
            PseudoEntry entry = new PseudoEntry(name, Inode.S_IFCHR | permissions, factory, null, null);
            entry.DeviceNumber = ((ulong)major << 8) | minor;
            return entry;
        }

        /// <summary>The inode number of this entry made with <paramref name="context"/>: stable, so two stats agree.</summary>
        public ulong InodeNumber(long context) => ((ulong)context << 16) + (ulong)Id + 1;
    }
}
