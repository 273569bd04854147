// A tmpfs directory: a table of names and the inodes they refer to (DirectoryNames: hashed lookups, and a cookie per
// entry from a counter that only grows, so a getdents position stays valid while names come and go: a listing never
// repeats an entry and sees every entry that existed throughout). Positions 0 and 1 are "." and "..".
using System;
using Internal.Runtime;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Tmpfs
{
    internal sealed class TmpfsDirectory : Inode
    {
        private const long FirstCookie = DirectoryNames<Inode>.FirstCookie;

        // Linux's tmpfs reports 20 bytes per entry as a directory's size (BOGO_DIRENT_SIZE).
        private const long BytesPerEntry = 20;

        private readonly DirectoryNames<Inode> _entries = new DirectoryNames<Inode>();

        public TmpfsDirectory(TmpfsFileSystem fileSystem, uint mode, Inode parent)
        {
            Initialize(fileSystem, fileSystem.NewInodeNumber(), mode);
            FileTimes.Stamp(this);
            LinkCount = 2;
            Parent = parent ?? this;
            Size = 2 * BytesPerEntry;
        }

        private TmpfsFileSystem Tmpfs => (TmpfsFileSystem)FileSystem;

        public bool IsEmpty => _entries.Count == 0;

        public override int Lookup(ReadOnlySpan<byte> name, out Inode child)
        {
            int index = Find(name);
            if (index < 0)
            {
                child = null;
                return (int)-Errno.ENOENT;
            }

            child = _entries.ValueAt(index);
            child.Hold();
            return 0;
        }

        public override int Create(ReadOnlySpan<byte> name, uint mode, ulong deviceNumber, out Inode child)
        {
            child = null;
            int refused = CheckNewName(name);
            if (refused < 0)
            {
                return refused;
            }

            switch (mode & S_IFMT)
            {
                case S_IFREG:
                    child = new TmpfsFile(Tmpfs, mode);
                    break;
                case S_IFIFO:
                case S_IFCHR:
                case S_IFBLK:
                case S_IFSOCK:
                    child = new TmpfsNode(Tmpfs, mode, deviceNumber);
                    break;
                default:
                    return (int)-Errno.EINVAL;
            }

            return AddNew(name, child);
        }

        public override int MakeDirectory(ReadOnlySpan<byte> name, uint mode, out Inode child)
        {
            child = null;
            int refused = CheckNewName(name);
            if (refused < 0)
            {
                return refused;
            }

            child = new TmpfsDirectory(Tmpfs, S_IFDIR | (mode & 0xFFF), this);
            LinkCount++;
            return AddNew(name, child);
        }

        public override int MakeSymlink(ReadOnlySpan<byte> name, ReadOnlySpan<byte> target, out Inode child)
        {
            child = null;
            int refused = CheckNewName(name);
            if (refused < 0)
            {
                return refused;
            }

            child = new TmpfsSymlink(Tmpfs, target);
            return AddNew(name, child);
        }

        public override int Link(ReadOnlySpan<byte> name, Inode target)
        {
            if (target.IsDirectory)
            {
                return (int)-Errno.EPERM;
            }

            if (target.FileSystem != FileSystem)
            {
                return (int)-Errno.EXDEV;
            }

            int refused = CheckNewName(name);
            if (refused < 0)
            {
                return refused;
            }

            // A file whose last name is gone cannot get a new one (Linux: ENOENT, unless made with O_TMPFILE).
            if (target.LinkCount == 0)
            {
                return (int)-Errno.ENOENT;
            }

            target.LinkCount++;
            FileTimes.Changed(target);
            Add(name, target);
            FileTimes.Modified(this);
            return 0;
        }

        public override int Unlink(ReadOnlySpan<byte> name)
        {
            int index = Find(name);
            if (index < 0)
            {
                return (int)-Errno.ENOENT;
            }

            Inode child = _entries.ValueAt(index);
            if (child.IsDirectory)
            {
                return (int)-Errno.EISDIR;
            }

            RemoveAt(index);
            FileTimes.Modified(this);
            LoseName(child);
            return 0;
        }

        public override int RemoveDirectory(ReadOnlySpan<byte> name)
        {
            int index = Find(name);
            if (index < 0)
            {
                return (int)-Errno.ENOENT;
            }

            Inode child = _entries.ValueAt(index);
            if (!child.IsDirectory)
            {
                return (int)-Errno.ENOTDIR;
            }

            if (child.MountedHere != null)
            {
                return (int)-Errno.EBUSY;
            }

            if (!((TmpfsDirectory)child).IsEmpty)
            {
                return (int)-Errno.ENOTEMPTY;
            }

            RemoveAt(index);
            LinkCount--;
            FileTimes.Modified(this);
            child.LinkCount = 1;
            LoseName(child);
            return 0;
        }

        public override int Rename(ReadOnlySpan<byte> name, Inode newParent, ReadOnlySpan<byte> newName, uint flags) =>
            TmpfsRename.Rename(this, name, newParent, newName, flags);

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
                // A removed directory's parent may be gone too: it lists itself as "..".
                Inode parent = LinkCount == 0 || Parent == null ? this : Parent;
                if (this == FileSystem.Root && FileSystem.MountPoint != null)
                {
                    parent = FileSystem.MountPoint.Parent ?? FileSystem.MountPoint;
                }

                if (!sink.Add(parent.Number, FirstCookie, DirectorySink.DT_DIR, ".."u8))
                {
                    return 0;
                }

                position = FirstCookie;
            }

            for (int slot = _entries.FirstAtOrAfter(position); slot < _entries.End; slot = _entries.NextAfter(slot))
            {
                Inode child = _entries.ValueAt(slot);
                long next = _entries.CookieAt(slot) + 1;
                if (!sink.Add(child.Number, next, DirectorySink.TypeOf(child.Mode), _entries.NameAt(slot)))
                {
                    return 0;
                }

                position = next;
            }

            return 0;
        }

        // ---- The name table, for TmpfsRename as well ----

        /// <summary>The slot of the entry called <paramref name="name"/>, or -1 (valid until the next Add or RemoveAt).</summary>
        public int Find(ReadOnlySpan<byte> name) => _entries.Find(name);

        public Inode InodeAt(int slot) => _entries.ValueAt(slot);

        /// <summary>Points an existing entry at another inode (rename over a name, exchange).</summary>
        public void Replace(int slot, Inode inode) => _entries.SetValue(slot, inode);

        /// <summary>Adds an entry (the caller checked the name is free); the inode's link count is the caller's.</summary>
        public void Add(ReadOnlySpan<byte> name, Inode inode)
        {
            _entries.Add(name, inode);
            Size += BytesPerEntry;
        }

        /// <summary>Removes an entry, keeping the others in cookie order; the inode's link count is the caller's.</summary>
        public void RemoveAt(int slot)
        {
            _entries.RemoveAt(slot);
            Size -= BytesPerEntry;
        }

        /// <summary>Frees the table (eviction of an empty directory).</summary>
        public void FreeEntries()
        {
            _entries.Clear();
            ObjectMemory.Free(_entries);
        }

        /// <summary>An inode lost one of its names: evicted when that was the last and nothing holds it.</summary>
        public static void LoseName(Inode inode)
        {
            inode.LinkCount--;
            FileTimes.Changed(inode);
            if (inode.LinkCount == 0 && inode.References == 0)
            {
                inode.FileSystem.Evict(inode);
            }
        }

        private int CheckNewName(ReadOnlySpan<byte> name)
        {
            // A directory that was removed while still open or current takes no new entries.
            if (LinkCount == 0)
            {
                return (int)-Errno.ENOENT;
            }

            return Find(name) >= 0 ? (int)-Errno.EEXIST : 0;
        }

        private int AddNew(ReadOnlySpan<byte> name, Inode child)
        {
            Add(name, child);
            child.Hold();
            FileTimes.Modified(this);
            return 0;
        }
    }
}
