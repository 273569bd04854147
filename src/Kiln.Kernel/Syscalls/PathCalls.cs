// Names: unlink, unlinkat (AT_REMOVEDIR), rename, renameat, renameat2 (RENAME_NOREPLACE, RENAME_EXCHANGE), link,
// linkat (AT_SYMLINK_FOLLOW, AT_EMPTY_PATH), symlink, symlinkat. Errors follow Linux's order: the path, then ".",
// ".." and trailing slashes, then what the file system says.
using System;
using Kiln.Kernel.Files;
using Kiln.Kernel.Process;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class PathCalls
    {
        private const uint RENAME_NOREPLACE = 1;
        private const uint RENAME_EXCHANGE = 2;
        private const uint RENAME_WHITEOUT = 4;

        public static long Unlink(ref SyscallArguments a) => UnlinkAt(PathArguments.AT_FDCWD, a.A0, 0);

        public static long Unlinkat(ref SyscallArguments a) => UnlinkAt((long)a.A0, a.A1, (int)a.A2);

        public static long Rename(ref SyscallArguments a) => RenameAt(PathArguments.AT_FDCWD, a.A0, PathArguments.AT_FDCWD, a.A1, 0);

        public static long Renameat(ref SyscallArguments a) => RenameAt((long)a.A0, a.A1, (long)a.A2, a.A3, 0);

        public static long Renameat2(ref SyscallArguments a) => RenameAt((long)a.A0, a.A1, (long)a.A2, a.A3, (uint)a.A4);

        public static long Link(ref SyscallArguments a) => LinkAt(PathArguments.AT_FDCWD, a.A0, PathArguments.AT_FDCWD, a.A1, 0);

        public static long Linkat(ref SyscallArguments a) => LinkAt((long)a.A0, a.A1, (long)a.A2, a.A3, (int)a.A4);

        public static long Symlink(ref SyscallArguments a) => SymlinkAt(a.A0, PathArguments.AT_FDCWD, a.A1);

        public static long Symlinkat(ref SyscallArguments a) => SymlinkAt(a.A0, (long)a.A1, a.A2);

        private static long UnlinkAt(long dirfd, ulong pathAddress, int flags)
        {
            if ((flags & ~PathArguments.AT_REMOVEDIR) != 0)
            {
                return -Errno.EINVAL;
            }

            byte* buffer = stackalloc byte[PathArguments.BufferSize];
            int error = PathTarget.Resolve(dirfd, pathAddress, buffer, out PathTarget target);
            if (error < 0)
            {
                return error;
            }

            if ((flags & PathArguments.AT_REMOVEDIR) != 0)
            {
                error = DirectoryCalls.RemoveDirectory(ref target);
            }
            else if (target.NameIsSpecial)
            {
                error = (int)-Errno.EISDIR;
            }
            else if (target.TrailingSlash)
            {
                // "name/" names a directory: unlink says EISDIR for one, ENOTDIR for anything else.
                error = target.Parent.Lookup(target.Name, out Inode inode);
                if (error == 0)
                {
                    error = inode.IsDirectory ? (int)-Errno.EISDIR : (int)-Errno.ENOTDIR;
                    inode.Drop();
                }
            }
            else
            {
                error = target.Writable;
                if (error == 0)
                {
                    error = target.Parent.Unlink(target.Name);
                }
            }

            target.Release();
            return error;
        }

        private static long RenameAt(long oldDirfd, ulong oldAddress, long newDirfd, ulong newAddress, uint flags)
        {
            if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) != 0 ||
                (flags & (RENAME_NOREPLACE | RENAME_EXCHANGE)) == (RENAME_NOREPLACE | RENAME_EXCHANGE) ||
                (flags & RENAME_WHITEOUT) != 0)
            {
                return -Errno.EINVAL;
            }

            byte* oldBuffer = stackalloc byte[PathArguments.BufferSize];
            int error = PathTarget.Resolve(oldDirfd, oldAddress, oldBuffer, out PathTarget from);
            if (error < 0)
            {
                return error;
            }

            byte* newBuffer = stackalloc byte[PathArguments.BufferSize];
            error = PathTarget.Resolve(newDirfd, newAddress, newBuffer, out PathTarget to);
            if (error < 0)
            {
                from.Release();
                return error;
            }

            error = Rename(ref from, ref to, flags);
            from.Release();
            to.Release();
            return error;
        }

        private static int Rename(ref PathTarget from, ref PathTarget to, uint flags)
        {
            if (from.Parent.FileSystem != to.Parent.FileSystem)
            {
                return (int)-Errno.EXDEV;
            }

            if (from.NameIsSpecial)
            {
                return (int)-Errno.EBUSY;
            }

            if (to.NameIsSpecial)
            {
                return (flags & RENAME_NOREPLACE) != 0 ? (int)-Errno.EEXIST : (int)-Errno.EBUSY;
            }

            int error = from.Writable;
            if (error < 0)
            {
                return error;
            }

            error = from.Parent.Lookup(from.Name, out Inode source);
            if (error < 0)
            {
                return error;
            }

            bool sourceIsDirectory = source.IsDirectory;
            source.Drop();
            if (!sourceIsDirectory && (from.TrailingSlash || (to.TrailingSlash && (flags & RENAME_EXCHANGE) == 0)))
            {
                return (int)-Errno.ENOTDIR;
            }

            error = from.Parent.Rename(from.Name, to.Parent, to.Name, flags);
            if (error == 0)
            {
                InodeFile.NameMoved(from.Parent, from.Name, to.Parent, to.Name, (flags & RENAME_EXCHANGE) != 0);
            }

            return error;
        }

        private static long LinkAt(long oldDirfd, ulong oldAddress, long newDirfd, ulong newAddress, int flags)
        {
            if ((flags & ~(PathArguments.AT_SYMLINK_FOLLOW | PathArguments.AT_EMPTY_PATH)) != 0)
            {
                return -Errno.EINVAL;
            }

            int walk = (flags & PathArguments.AT_SYMLINK_FOLLOW) != 0 ? PathWalk.FollowFinal : 0;
            int error = PathArguments.Lookup(oldDirfd, oldAddress, flags, walk, out Inode inode);
            if (error < 0)
            {
                return error;
            }

            byte* buffer = stackalloc byte[PathArguments.BufferSize];
            error = PathTarget.Resolve(newDirfd, newAddress, buffer, out PathTarget target);
            if (error < 0)
            {
                inode.Drop();
                return error;
            }

            if (target.NameIsSpecial)
            {
                error = (int)-Errno.EEXIST;
            }
            else if (inode.IsDirectory)
            {
                error = (int)-Errno.EPERM;
            }
            else if (inode.FileSystem != target.Parent.FileSystem)
            {
                error = (int)-Errno.EXDEV;
            }
            else
            {
                error = target.Writable;
                if (error == 0 && target.TrailingSlash)
                {
                    error = target.Parent.Lookup(target.Name, out Inode existing);
                    if (error == 0)
                    {
                        existing.Drop();
                        error = (int)-Errno.EEXIST;
                    }
                }
                else if (error == 0)
                {
                    error = target.Parent.Link(target.Name, inode);
                }
            }

            target.Release();
            inode.Drop();
            return error;
        }

        private static long SymlinkAt(ulong targetAddress, long dirfd, ulong linkAddress)
        {
            byte* linkTarget = stackalloc byte[PathArguments.BufferSize];
            int length = PathArguments.CopyPath(targetAddress, linkTarget);
            if (length < 0)
            {
                return length;
            }

            if (length == 0)
            {
                return -Errno.ENOENT;
            }

            byte* buffer = stackalloc byte[PathArguments.BufferSize];
            int error = PathTarget.Resolve(dirfd, linkAddress, buffer, out PathTarget target);
            if (error < 0)
            {
                return error;
            }

            if (target.NameIsSpecial || target.TrailingSlash)
            {
                error = (int)-Errno.EEXIST;
            }
            else
            {
                error = target.Writable;
                if (error == 0 && target.Parent.Lookup(target.Name, out Inode existing) == 0)
                {
                    existing.Drop();
                    error = (int)-Errno.EEXIST;
                }

                if (error == 0)
                {
                    error = target.Parent.MakeSymlink(target.Name, new ReadOnlySpan<byte>(linkTarget, length), out Inode created);
                    if (error == 0)
                    {
                        created.Drop();
                    }
                }
            }

            target.Release();
            return error;
        }
    }
}
