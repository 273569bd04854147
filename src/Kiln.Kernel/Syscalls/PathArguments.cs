// What the path-taking system calls share: copying a path in from the program, choosing where a relative path starts
// (AT_FDCWD, or a directory descriptor), AT_EMPTY_PATH, and resolving to an inode or to a parent and a name.
using System;
using Kiln.Files;
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class PathArguments
    {
        public const long AT_FDCWD = -100;
        public const int AT_SYMLINK_NOFOLLOW = 0x100;
        public const int AT_REMOVEDIR = 0x200;
        public const int AT_SYMLINK_FOLLOW = 0x400;
        public const int AT_NO_AUTOMOUNT = 0x800;
        public const int AT_EMPTY_PATH = 0x1000;

        /// <summary>Bytes a caller must give CopyPath.</summary>
        public const int BufferSize = PathResolver.PathMax;

        /// <summary>Copies the path at <paramref name="address"/> into <paramref name="buffer"/> (BufferSize bytes): its length, or -EFAULT / -ENAMETOOLONG.</summary>
        public static int CopyPath(ulong address, byte* buffer)
        {
            int length = UserMemory.CopyStringFromUser(buffer, address, BufferSize);
            if (length == -1)
            {
                return (int)-Errno.EFAULT;
            }

            return length == -2 ? (int)-Errno.ENAMETOOLONG : length;
        }

        /// <summary>
        /// Where a relative path given with <paramref name="dirfd"/> starts: null for the working directory (AT_FDCWD),
        /// else the descriptor's inode (not held: the caller does not block before using it); EBADF or ENOTDIR.
        /// </summary>
        public static int StartDirectory(long dirfd, out Inode start)
        {
            start = null;
            if ((int)dirfd == (int)AT_FDCWD)
            {
                return 0;
            }

            OpenFile file = FileTable.Current.Peek((uint)dirfd);
            if (file == null)
            {
                return (int)-Errno.EBADF;
            }

            start = file.Inode;
            if (start == null || !start.IsDirectory)
            {
                start = null;
                return (int)-Errno.ENOTDIR;
            }

            return 0;
        }

        /// <summary>
        /// Resolves (<paramref name="dirfd"/>, path at <paramref name="address"/>) to a held inode. With AT_EMPTY_PATH
        /// in <paramref name="atFlags"/> an empty path names the descriptor itself (any kind of file with an inode).
        /// </summary>
        public static int Lookup(long dirfd, ulong address, int atFlags, int walkFlags, out Inode inode)
        {
            inode = null;
            byte* path = stackalloc byte[BufferSize];
            int length = CopyPath(address, path);
            if (length < 0)
            {
                return length;
            }

            if (length == 0 && (atFlags & AT_EMPTY_PATH) != 0)
            {
                return DescriptorInode(dirfd, out inode);
            }

            ReadOnlySpan<byte> span = new ReadOnlySpan<byte>(path, length);
            Inode start = null;
            if (length == 0 || path[0] != (byte)'/')
            {
                int error = StartDirectory(dirfd, out start);
                if (error < 0)
                {
                    return error;
                }
            }

            return PathWalk.Resolve(start, span, walkFlags, out inode);
        }

        /// <summary>
        /// <see cref="Lookup"/> without AT_EMPTY_PATH that also gives the directory the inode was found in (held, or
        /// null) and its name there (<see cref="PathWalk.ResolveNamed"/>), for open files that remember their path.
        /// </summary>
        public static int LookupNamed(long dirfd, ulong address, int walkFlags, out Inode inode, out Inode directory, Span<byte> name, out int nameLength)
        {
            inode = null;
            directory = null;
            nameLength = 0;
            byte* path = stackalloc byte[BufferSize];
            int length = CopyPath(address, path);
            if (length < 0)
            {
                return length;
            }

            Inode start = null;
            if (length == 0 || path[0] != (byte)'/')
            {
                int error = StartDirectory(dirfd, out start);
                if (error < 0)
                {
                    return error;
                }
            }

            return PathWalk.ResolveNamed(start, new ReadOnlySpan<byte>(path, length), walkFlags, out inode, out directory, name, out nameLength);
        }

        /// <summary>The inode of descriptor <paramref name="dirfd"/> (the working directory for AT_FDCWD), held; EBADF when there is none.</summary>
        public static int DescriptorInode(long dirfd, out Inode inode)
        {
            if ((int)dirfd == (int)AT_FDCWD)
            {
                inode = Process.UserProcess.WorkingDirectory ?? VfsRoot.Root;
                inode.Hold();
                return 0;
            }

            OpenFile file = FileTable.Current.Peek((uint)dirfd);
            inode = file?.Inode;
            if (inode == null)
            {
                return (int)-Errno.EBADF;
            }

            inode.Hold();
            return 0;
        }
    }
}
