// A tmpfs directory: a table of names and the inodes they refer to. Each entry gets a cookie from a counter that only
// grows, and entries stay in cookie order, so a getdents position (a cookie) stays valid while names come and go: a
// listing never repeats an entry and sees every entry that existed throughout. Positions 0 and 1 are "." and "..".
using System;
using Internal.Runtime;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Tmpfs
{
    internal sealed class TmpfsDirectory : Inode
    {
        private const long FirstCookie = 2;

        // Linux's tmpfs reports 20 bytes per entry as a directory's size (BOGO_DIRENT_SIZE).
        private const long BytesPerEntry = 20;

        private byte[][] _names;
        private Inode[] _inodes;
        private long[] _cookies;
        private int _count;
        private long _nextCookie = FirstCookie;

        public TmpfsDirectory(TmpfsFileSystem fileSystem, uint mode, Inode parent)
        {
            Initialize(fileSystem, fileSystem.NewInodeNumber(), mode);
            FileTimes.Stamp(this);
            LinkCount = 2;
            Parent = parent ?? this;
            Size = 2 * BytesPerEntry;
        }

        private TmpfsFileSystem Tmpfs => (TmpfsFileSystem)FileSystem;

        public bool IsEmpty => _count == 0;

        public override int Lookup(ReadOnlySpan<byte> name, out Inode child)
        {
            int index = Find(name);
            if (index < 0)
            {
                child = null;
                return (int)-Errno.ENOENT;
            }

            child = _inodes[index];
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

            Inode child = _inodes[index];
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

            Inode child = _inodes[index];
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
                Inode parent = Parent ?? this;
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

            for (int index = FirstAtOrAfter(position); index < _count; index++)
            {
                Inode child = _inodes[index];
                long next = _cookies[index] + 1;
                if (!sink.Add(child.Number, next, DirectorySink.TypeOf(child.Mode), _names[index]))
                {
                    return 0;
                }

                position = next;
            }

            return 0;
        }

        // ---- The name table, for TmpfsRename as well ----

        /// <summary>The index of the entry called <paramref name="name"/>, or -1.</summary>
        public int Find(ReadOnlySpan<byte> name)
        {
            for (int i = 0; i < _count; i++)
            {
                byte[] entry = _names[i];
                if (entry.Length != name.Length)
                {
                    continue;
                }

                int j = 0;
                while (j < entry.Length && entry[j] == name[j])
                {
                    j++;
                }

                if (j == entry.Length)
                {
                    return i;
                }
            }

            return -1;
        }

        public Inode InodeAt(int index) => _inodes[index];

        /// <summary>Points an existing entry at another inode (rename over a name, exchange).</summary>
        public void Replace(int index, Inode inode) => _inodes[index] = inode;

        /// <summary>Adds an entry (the caller checked the name is free); the inode's link count is the caller's.</summary>
        public void Add(ReadOnlySpan<byte> name, Inode inode)
        {
            if (_names == null || _count == _names.Length)
            {
                Grow();
            }

            byte[] copy = new byte[name.Length];
            name.CopyTo(copy);
            _names[_count] = copy;
            _inodes[_count] = inode;
            _cookies[_count] = _nextCookie++;
            _count++;
            Size += BytesPerEntry;
        }

        /// <summary>Removes an entry, keeping the others in cookie order; the inode's link count is the caller's.</summary>
        public void RemoveAt(int index)
        {
            ObjectMemory.Free(_names[index]);
            for (int i = index; i < _count - 1; i++)
            {
                _names[i] = _names[i + 1];
                _inodes[i] = _inodes[i + 1];
                _cookies[i] = _cookies[i + 1];
            }

            _count--;
            _names[_count] = null;
            _inodes[_count] = null;
            Size -= BytesPerEntry;
        }

        /// <summary>Frees the table (eviction of an empty directory).</summary>
        public void FreeEntries()
        {
            for (int i = 0; i < _count; i++)
            {
                ObjectMemory.Free(_names[i]);
            }

            ObjectMemory.Free(_names);
            ObjectMemory.Free(_inodes);
            ObjectMemory.Free(_cookies);
            _names = null;
            _inodes = null;
            _cookies = null;
            _count = 0;
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

        private int FirstAtOrAfter(long cookie)
        {
            int low = 0;
            int high = _count;
            while (low < high)
            {
                int middle = (low + high) / 2;
                if (_cookies[middle] < cookie)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        private void Grow()
        {
            int capacity = _names == null ? 8 : _names.Length * 2;
            byte[][] names = new byte[capacity][];
            Inode[] inodes = new Inode[capacity];
            long[] cookies = new long[capacity];
            for (int i = 0; i < _count; i++)
            {
                names[i] = _names[i];
                inodes[i] = _inodes[i];
                cookies[i] = _cookies[i];
            }

            if (_names != null)
            {
                ObjectMemory.Free(_names);
                ObjectMemory.Free(_inodes);
                ObjectMemory.Free(_cookies);
            }

            _names = names;
            _inodes = inodes;
            _cookies = cookies;
        }
    }
}
