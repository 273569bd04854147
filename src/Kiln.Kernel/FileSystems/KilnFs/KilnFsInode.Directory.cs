// KilnFS directory operations. Each changes the in-memory tree at once and appends its records to the pending
// transaction (an Inode record before the Link that names a new inode, so replay meets the inode first); attribute
// changes (times, link counts of parents) reach the log at commit through the attribute diff. Every change first
// waits for a commit in progress (KilnFs.BeginChange), so a transaction's records and freed blocks are exactly what
// happened before its commit began.
using System;
using Kiln.Kernel.Vfs;
using Kiln.Linux;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed unsafe partial class KilnFsInode
    {
        public override int Lookup(ReadOnlySpan<byte> name, out Inode child)
        {
            child = null;
            if (!IsDirectory)
            {
                return (int)-Errno.ENOTDIR;
            }

            int index = Entries.Find(name);
            if (index < 0)
            {
                return (int)-Errno.ENOENT;
            }

            child = Entries.ValueAt(index);
            child.Hold();
            return 0;
        }

        public override int Create(ReadOnlySpan<byte> name, uint mode, ulong deviceNumber, out Inode child)
        {
            child = null;
            uint type = mode & S_IFMT;
            if (type != S_IFREG && type != S_IFIFO && type != S_IFCHR && type != S_IFBLK && type != S_IFSOCK)
            {
                return (int)-Errno.EINVAL;
            }

            int result = MakeChild(name, type | (mode & 0xFFF), deviceNumber, default, out KilnFsInode made);
            child = made;
            return result;
        }

        public override int MakeDirectory(ReadOnlySpan<byte> name, uint mode, out Inode child)
        {
            int result = MakeChild(name, S_IFDIR | (mode & 0xFFF), 0, default, out KilnFsInode made);
            child = made;
            return result;
        }

        public override int MakeSymlink(ReadOnlySpan<byte> name, ReadOnlySpan<byte> target, out Inode child)
        {
            child = null;
            if (target.Length == 0)
            {
                return (int)-Errno.ENOENT;
            }

            if (target.Length > LogRecordWriter.MaxSymlinkTarget)
            {
                return (int)-Errno.ENAMETOOLONG;
            }

            int result = MakeChild(name, S_IFLNK | 0x1FF, 0, target, out KilnFsInode made);
            child = made;
            return result;
        }

        public override int Link(ReadOnlySpan<byte> name, Inode target)
        {
            int refused = CheckNewName(name);
            if (refused < 0)
            {
                return refused;
            }

            if (target.FileSystem != FileSystem)
            {
                return (int)-Errno.EXDEV;
            }

            if (target.IsDirectory)
            {
                return (int)-Errno.EPERM;
            }

            // A file whose last name is gone cannot get a new one (link(2): ENOENT unless made with O_TMPFILE).
            if (target.LinkCount == 0)
            {
                return (int)-Errno.ENOENT;
            }

            KilnFsTransaction pending = Volume.Pending;
            if (!pending.Reserve(LogRecordWriter.LinkSize(name.Length)))
            {
                return (int)-Errno.ENOMEM;
            }

            KilnFsInode file = (KilnFsInode)target;
            pending.AddLink(Number, file.Number, name);
            Entries.Add(name, file);
            file.LinkCount++;
            FileTimes.Changed(file);
            FileTimes.Modified(this);
            return 0;
        }

        public override int Unlink(ReadOnlySpan<byte> name) => RemoveName(name, directory: false);

        public override int RemoveDirectory(ReadOnlySpan<byte> name) => RemoveName(name, directory: true);

        public override int Rename(ReadOnlySpan<byte> name, Inode newParent, ReadOnlySpan<byte> newName, uint flags) =>
            KilnFsRename.Rename(this, name, newParent, newName, flags);

        public override int ReadDirectory(ref long position, ref DirectorySink sink)
        {
            if (!IsDirectory)
            {
                return (int)-Errno.ENOTDIR;
            }

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

                if (!sink.Add(parent.Number, DirectoryNames<KilnFsInode>.FirstCookie, DirectorySink.DT_DIR, ".."u8))
                {
                    return 0;
                }

                position = DirectoryNames<KilnFsInode>.FirstCookie;
            }

            for (int slot = Entries.FirstAtOrAfter(position); slot < Entries.End; slot = Entries.NextAfter(slot))
            {
                KilnFsInode child = Entries.ValueAt(slot);
                long next = Entries.CookieAt(slot) + 1;
                if (!sink.Add(child.Number, next, DirectorySink.TypeOf(child.Mode), Entries.NameAt(slot)))
                {
                    return 0;
                }

                position = next;
            }

            return 0;
        }

        /// <summary>0 when <paramref name="name"/> may be added here, else -errno (ENOTDIR, EROFS, ENOENT, EEXIST ...).</summary>
        public int CheckNewName(ReadOnlySpan<byte> name)
        {
            if (!IsDirectory)
            {
                return (int)-Errno.ENOTDIR;
            }

            int busy = Volume.BeginChange();
            if (busy < 0)
            {
                return busy;
            }

            if (name.Length > LogRecordWriter.MaxNameLength)
            {
                return (int)-Errno.ENAMETOOLONG;
            }

            // A directory removed while still open or current takes no new names.
            if (LinkCount == 0)
            {
                return (int)-Errno.ENOENT;
            }

            return Entries.Find(name) >= 0 ? (int)-Errno.EEXIST : 0;
        }

        /// <summary>Parent's share of a name going away: the child's link count, and eviction when it was the last.</summary>
        public static void LoseName(KilnFsInode child)
        {
            child.LinkCount--;
            FileTimes.Changed(child);
            if (child.LinkCount == 0 && child.References == 0)
            {
                child.Volume.Evict(child);
            }
        }

        private int MakeChild(ReadOnlySpan<byte> name, uint mode, ulong deviceNumber, ReadOnlySpan<byte> target, out KilnFsInode child)
        {
            child = null;
            int refused = CheckNewName(name);
            if (refused < 0)
            {
                return refused;
            }

            KilnFsTransaction pending = Volume.Pending;
            bool symlink = (mode & S_IFMT) == S_IFLNK;
            int bytes = LogRecordWriter.InodeSize + LogRecordWriter.LinkSize(name.Length) + (symlink ? LogRecordWriter.SymlinkSize(target.Length) : 0);
            if (!pending.Reserve(bytes))
            {
                return (int)-Errno.ENOMEM;
            }

            child = new KilnFsInode(Volume, Volume.NewInodeNumber(), mode);
            FileTimes.Stamp(child);
            child.DeviceNumber = deviceNumber;
            child.LinkCount = 1;
            if (child.IsDirectory)
            {
                child.LinkCount = 2;
                child.Parent = this;
                LinkCount++;
            }

            if (symlink)
            {
                child.SymlinkTarget = new byte[target.Length];
                target.CopyTo(child.SymlinkTarget);
                child.Size = target.Length;
            }

            Volume.Inodes.Add(child);
            child.LogAttributes(pending);
            if (symlink)
            {
                pending.AddSymlink(child.Number, target);
            }

            pending.AddLink(Number, child.Number, name);
            Entries.Add(name, child);
            child.Hold();
            FileTimes.Modified(this);
            return 0;
        }

        private int RemoveName(ReadOnlySpan<byte> name, bool directory)
        {
            if (!IsDirectory)
            {
                return (int)-Errno.ENOTDIR;
            }

            int busy = Volume.BeginChange();
            if (busy < 0)
            {
                return busy;
            }

            int index = Entries.Find(name);
            if (index < 0)
            {
                return (int)-Errno.ENOENT;
            }

            KilnFsInode child = Entries.ValueAt(index);
            if (directory)
            {
                if (!child.IsDirectory)
                {
                    return (int)-Errno.ENOTDIR;
                }

                if (child.MountedHere != null)
                {
                    return (int)-Errno.EBUSY;
                }

                if (child.Entries.Count != 0)
                {
                    return (int)-Errno.ENOTEMPTY;
                }
            }
            else if (child.IsDirectory)
            {
                return (int)-Errno.EISDIR;
            }

            if (!Volume.Pending.Reserve(LogRecordWriter.UnlinkSize(name.Length)))
            {
                return (int)-Errno.ENOMEM;
            }

            Volume.Pending.AddUnlink(Number, name);
            Entries.RemoveAt(index);
            FileTimes.Modified(this);
            if (directory)
            {
                // The child's "." and this directory's ".." link to it go with the name.
                LinkCount--;
                child.LinkCount = 1;
            }

            LoseName(child);
            return 0;
        }
    }
}
