// rename and renameat2 within one KilnFS volume, with Linux's rules (rename(2)): RENAME_NOREPLACE, RENAME_EXCHANGE,
// EISDIR/ENOTDIR when a directory and a non-directory would replace each other, ENOTEMPTY over a non-empty directory,
// EINVAL for a directory moved into itself, EBUSY for mount points. In the log a move is a Link of the new name
// (which replaces whatever that name referred to) and an Unlink of the old one, in one transaction; an exchange is
// two Links. Directory link counts and parents follow the move and reach the log through the commit's attribute diff.
using System;
using Kiln.Kernel.Vfs;
using Kiln.Linux;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal static class KilnFsRename
    {
        public const uint RENAME_NOREPLACE = 1;
        public const uint RENAME_EXCHANGE = 2;

        public static int Rename(KilnFsInode from, ReadOnlySpan<byte> name, Inode newParent, ReadOnlySpan<byte> newName, uint flags)
        {
            if (!from.IsDirectory)
            {
                return (int)-Errno.ENOTDIR;
            }

            if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) != 0 || flags == (RENAME_NOREPLACE | RENAME_EXCHANGE))
            {
                return (int)-Errno.EINVAL;
            }

            if (newParent.FileSystem != from.FileSystem)
            {
                return (int)-Errno.EXDEV;
            }

            if (!newParent.IsDirectory)
            {
                return (int)-Errno.ENOTDIR;
            }

            KilnFs volume = from.Volume;
            int busy = volume.BeginChange();
            if (busy < 0)
            {
                return busy;
            }

            if (newName.Length > LogRecordWriter.MaxNameLength)
            {
                return (int)-Errno.ENAMETOOLONG;
            }

            KilnFsInode to = (KilnFsInode)newParent;
            int sourceIndex = from.Entries.Find(name);
            if (sourceIndex < 0)
            {
                return (int)-Errno.ENOENT;
            }

            KilnFsInode source = from.Entries.ValueAt(sourceIndex);
            int targetIndex = to.Entries.Find(newName);
            KilnFsInode target = targetIndex >= 0 ? to.Entries.ValueAt(targetIndex) : null;
            if (!volume.Pending.Reserve(LogRecordWriter.LinkSize(newName.Length) + LogRecordWriter.LinkSize(name.Length) + LogRecordWriter.UnlinkSize(name.Length)))
            {
                return (int)-Errno.ENOMEM;
            }

            if ((flags & RENAME_EXCHANGE) != 0)
            {
                return target == null ? (int)-Errno.ENOENT : Exchange(from, sourceIndex, source, name, to, targetIndex, target, newName);
            }

            if (target != null && (flags & RENAME_NOREPLACE) != 0)
            {
                return (int)-Errno.EEXIST;
            }

            if (to.LinkCount == 0)
            {
                return (int)-Errno.ENOENT;
            }

            if (source.IsDirectory && Contains(source, to))
            {
                return (int)-Errno.EINVAL;
            }

            if (target != null)
            {
                if (target == source)
                {
                    return 0;
                }

                if (source.MountedHere != null || target.MountedHere != null)
                {
                    return (int)-Errno.EBUSY;
                }

                if (source.IsDirectory && !target.IsDirectory)
                {
                    return (int)-Errno.ENOTDIR;
                }

                if (!source.IsDirectory && target.IsDirectory)
                {
                    return (int)-Errno.EISDIR;
                }

                if (target.IsDirectory && target.Entries.Count != 0)
                {
                    return (int)-Errno.ENOTEMPTY;
                }
            }
            else if (source.MountedHere != null)
            {
                return (int)-Errno.EBUSY;
            }

            KilnFsTransaction pending = volume.Pending;
            pending.AddLink(to.Number, source.Number, newName);
            pending.AddUnlink(from.Number, name);
            from.Entries.RemoveAt(sourceIndex);
            if (target != null)
            {
                to.Entries.SetValue(to.Entries.Find(newName), source);
                if (target.IsDirectory)
                {
                    // The replaced directory's ".." link to its parent goes with it.
                    to.LinkCount--;
                    target.LinkCount = 1;
                }

                KilnFsInode.LoseName(target);
            }
            else
            {
                to.Entries.Add(newName, source);
            }

            if (source.IsDirectory && from != to)
            {
                from.LinkCount--;
                to.LinkCount++;
                source.Parent = to;
            }

            FileTimes.Modified(from);
            FileTimes.Modified(to);
            FileTimes.Changed(source);
            return 0;
        }

        private static int Exchange(KilnFsInode from, int sourceIndex, KilnFsInode source, ReadOnlySpan<byte> name, KilnFsInode to, int targetIndex, KilnFsInode target, ReadOnlySpan<byte> newName)
        {
            if (source == target)
            {
                return 0;
            }

            if ((source.IsDirectory && Contains(source, to)) || (target.IsDirectory && Contains(target, from)))
            {
                return (int)-Errno.EINVAL;
            }

            KilnFsTransaction pending = from.Volume.Pending;
            pending.AddLink(from.Number, target.Number, name);
            pending.AddLink(to.Number, source.Number, newName);
            from.Entries.SetValue(sourceIndex, target);
            to.Entries.SetValue(targetIndex, source);
            if (from != to && source.IsDirectory != target.IsDirectory)
            {
                KilnFsInode gains = source.IsDirectory ? to : from;
                KilnFsInode loses = source.IsDirectory ? from : to;
                gains.LinkCount++;
                loses.LinkCount--;
            }

            if (source.IsDirectory)
            {
                source.Parent = to;
            }

            if (target.IsDirectory)
            {
                target.Parent = from;
            }

            FileTimes.Modified(from);
            FileTimes.Modified(to);
            FileTimes.Changed(source);
            FileTimes.Changed(target);
            return 0;
        }

        // True when `directory` is `ancestor` or lies below it.
        private static bool Contains(Inode ancestor, Inode directory)
        {
            for (Inode walk = directory; ; walk = walk.Parent)
            {
                if (walk == ancestor)
                {
                    return true;
                }

                if (walk.Parent == null || walk.Parent == walk)
                {
                    return false;
                }
            }
        }
    }
}
