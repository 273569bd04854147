// Opening files by path and moving in them: open, openat, creat (O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY,
// O_NOFOLLOW, O_PATH, O_CLOEXEC; O_TMPFILE is EOPNOTSUPP) and lseek. The open file is an InodeFile unless the inode
// supplies its own (devices, /proc files).
using System;
using Kiln.Files;
using Kiln.Kernel.Files;
using Kiln.Kernel.Process;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class FileCalls
    {
        public const int O_CREAT = 0x40;
        public const int O_EXCL = 0x80;
        public const int O_NOCTTY = 0x100;
        public const int O_TRUNC = 0x200;
        public const int O_DIRECTORY = InodeFile.O_DIRECTORY;
        public const int O_NOFOLLOW = InodeFile.O_NOFOLLOW;
        public const int O_PATH = InodeFile.O_PATH;
        private const int O_TMPFILE_BIT = 0x400000;

        public static long Open(ref SyscallArguments a) => OpenAt(PathArguments.AT_FDCWD, a.A0, (int)a.A1, (uint)a.A2);

        public static long Openat(ref SyscallArguments a) => OpenAt((long)a.A0, a.A1, (int)a.A2, (uint)a.A3);

        public static long Creat(ref SyscallArguments a) =>
            OpenAt(PathArguments.AT_FDCWD, a.A0, O_CREAT | OpenFlags.O_WRONLY | O_TRUNC, (uint)a.A1);

        // lseek(fd, offset, whence)
        public static long Lseek(ref SyscallArguments a)
        {
            OpenFile file = FileTable.Current.Peek((uint)a.A0);
            return file == null ? -Errno.EBADF : file.Seek((long)a.A1, (int)(uint)a.A2);
        }

        /// <summary>openat: a new descriptor or -errno.</summary>
        public static long OpenAt(long dirfd, ulong pathAddress, int flags, uint mode)
        {
            if ((flags & O_TMPFILE_BIT) != 0)
            {
                return -Errno.EOPNOTSUPP;
            }

            byte* name = stackalloc byte[PathResolver.NameMax];
            int error = OpenInode(dirfd, pathAddress, flags, mode, out Inode inode, out Inode directory, new Span<byte>(name, PathResolver.NameMax), out int nameLength);
            if (error < 0)
            {
                return error;
            }

            OpenFile file = (flags & O_PATH) != 0 ? InodeFile.Open(inode, flags, out error) : OpenAndTruncate(inode, flags, out error);
            if (file is InodeFile opened && directory != null && !inode.IsDirectory)
            {
                // Directories find their path through their parents; other files remember where they were found.
                opened.RememberName(directory, new ReadOnlySpan<byte>(name, nameLength));
            }

            directory?.Drop();
            inode.Drop();
            if (file == null)
            {
                return error;
            }

            int fd = FileTable.Current.Install(file, 0, (flags & OpenFlags.O_CLOEXEC) != 0, InfoCalls.OpenFileLimit);
            if (fd < 0)
            {
                file.Drop();
            }

            return fd;
        }

        private static OpenFile OpenAndTruncate(Inode inode, int flags, out int error)
        {
            bool writes = (flags & OpenFlags.O_ACCMODE) != OpenFlags.O_RDONLY || (flags & O_TRUNC) != 0;
            if (writes && inode.FileSystem.ReadOnly && (inode.IsRegular || inode.IsDirectory))
            {
                error = (int)-Errno.EROFS;
                return null;
            }

            OpenFile file = inode.Open(flags, out error);
            if (file == null)
            {
                return null;
            }

            // Linux truncates with O_TRUNC even when the file is opened read-only.
            if ((flags & O_TRUNC) != 0 && inode.IsRegular && inode.Size != 0)
            {
                int truncated = inode.SetSize(0);
                if (truncated < 0)
                {
                    file.Drop();
                    error = truncated;
                    return null;
                }
            }

            return file;
        }

        // The inode the open names (made when O_CREAT asks and it is missing), held, and the directory it was found in
        // (held, or null) with its name there.
        private static int OpenInode(long dirfd, ulong pathAddress, int flags, uint mode, out Inode inode, out Inode directory, Span<byte> name, out int nameLength)
        {
            inode = null;
            directory = null;
            nameLength = 0;
            if ((flags & O_CREAT) == 0 || (flags & O_PATH) != 0)
            {
                int walk = (flags & O_NOFOLLOW) != 0 ? 0 : PathWalk.FollowFinal;
                if ((flags & O_DIRECTORY) != 0)
                {
                    walk |= PathWalk.MustBeDirectory;
                }

                int found = PathArguments.LookupNamed(dirfd, pathAddress, walk, out inode, out directory, name, out nameLength);
                if (found == 0 && inode.IsSymlink && (flags & O_PATH) == 0)
                {
                    // O_NOFOLLOW met a symlink.
                    inode.Drop();
                    inode = null;
                    directory?.Drop();
                    directory = null;
                    return (int)-Errno.ELOOP;
                }

                return found;
            }

            byte* buffer = stackalloc byte[PathArguments.BufferSize];
            int error = PathTarget.Resolve(dirfd, pathAddress, buffer, out PathTarget target);
            if (error < 0)
            {
                return error;
            }

            if (target.NameIsSpecial || target.TrailingSlash)
            {
                target.Release();
                return (int)-Errno.EISDIR;
            }

            error = target.Parent.Lookup(target.Name, out inode);
            if (error == 0)
            {
                if ((flags & O_EXCL) != 0)
                {
                    error = (int)-Errno.EEXIST;
                }
                else if (inode.IsSymlink)
                {
                    // An existing symlink is followed (a dangling one would create its target on Linux; here it is ENOENT).
                    inode.Drop();
                    inode = null;
                    error = (flags & O_NOFOLLOW) != 0
                        ? (int)-Errno.ELOOP
                        : PathArguments.LookupNamed(dirfd, pathAddress, PathWalk.FollowFinal, out inode, out directory, name, out nameLength);
                }
                else
                {
                    KeepName(ref target, out directory, name, out nameLength);
                }

                if (error == 0 && inode.IsDirectory)
                {
                    error = (int)-Errno.EISDIR;
                }
            }
            else if (error == (int)-Errno.ENOENT)
            {
                error = target.Writable;
                if (error == 0)
                {
                    error = target.Parent.Create(target.Name, Inode.S_IFREG | (mode & 0xFFF & ~UserProcess.Umask), 0, out inode);
                    if (error == 0)
                    {
                        KeepName(ref target, out directory, name, out nameLength);
                    }
                }
            }

            target.Release();
            if (error < 0)
            {
                inode?.Drop();
                inode = null;
                directory?.Drop();
                directory = null;
            }

            return error;
        }

        private static void KeepName(ref PathTarget target, out Inode directory, Span<byte> name, out int nameLength)
        {
            directory = target.Parent;
            directory.Hold();
            target.Name.CopyTo(name);
            nameLength = target.Name.Length;
        }
    }
}
