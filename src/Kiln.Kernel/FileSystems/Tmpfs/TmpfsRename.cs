// rename and renameat2 within one tmpfs: moving a name (over an existing one if allowed), RENAME_NOREPLACE and
// RENAME_EXCHANGE, with Linux's errors (rename(2)): EISDIR/ENOTDIR when a directory would replace a non-directory or
// the reverse, ENOTEMPTY over a non-empty directory, EINVAL when a directory would move into itself, EBUSY for a
// mount point. Directory link counts and parents follow the move.
using System;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Tmpfs
{
    internal static class TmpfsRename
    {
        public const uint RENAME_NOREPLACE = 1;
        public const uint RENAME_EXCHANGE = 2;

        public static int Rename(TmpfsDirectory from, ReadOnlySpan<byte> name, Inode newParent, ReadOnlySpan<byte> newName, uint flags)
        {
            if (newParent.FileSystem != from.FileSystem)
            {
                return (int)-Errno.EXDEV;
            }

            if (!(newParent is TmpfsDirectory to))
            {
                return (int)-Errno.ENOTDIR;
            }

            int sourceIndex = from.Find(name);
            if (sourceIndex < 0)
            {
                return (int)-Errno.ENOENT;
            }

            Inode source = from.InodeAt(sourceIndex);
            int targetIndex = to.Find(newName);
            Inode target = targetIndex >= 0 ? to.InodeAt(targetIndex) : null;
            if ((flags & RENAME_EXCHANGE) != 0)
            {
                return target == null ? (int)-Errno.ENOENT : Exchange(from, sourceIndex, source, to, targetIndex, target);
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
                // Two names of one file: nothing to do (rename(2)).
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

                if (target.IsDirectory && !((TmpfsDirectory)target).IsEmpty)
                {
                    return (int)-Errno.ENOTEMPTY;
                }
            }
            else if (source.MountedHere != null)
            {
                return (int)-Errno.EBUSY;
            }

            from.RemoveAt(sourceIndex);
            if (target != null)
            {
                to.Replace(to.Find(newName), source);
                if (target.IsDirectory)
                {
                    // The replaced directory is gone, and so is its ".." link to the new parent.
                    to.LinkCount--;
                    target.LinkCount = 1;
                }

                TmpfsDirectory.LoseName(target);
            }
            else
            {
                to.Add(newName, source);
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

        private static int Exchange(TmpfsDirectory from, int sourceIndex, Inode source, TmpfsDirectory to, int targetIndex, Inode target)
        {
            if (source == target)
            {
                return 0;
            }

            if ((source.IsDirectory && Contains(source, to)) || (target.IsDirectory && Contains(target, from)))
            {
                return (int)-Errno.EINVAL;
            }

            from.Replace(sourceIndex, target);
            to.Replace(targetIndex, source);
            if (from != to && source.IsDirectory != target.IsDirectory)
            {
                TmpfsDirectory gains = source.IsDirectory ? to : from;
                TmpfsDirectory loses = source.IsDirectory ? from : to;
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
            Inode walk = directory;
            while (true)
            {
                if (walk == ancestor)
                {
                    return true;
                }

                if (walk.Parent == null || walk.Parent == walk)
                {
                    return false;
                }

                walk = walk.Parent;
            }
        }
    }
}
