// Reading symlinks and checking access: readlink, readlinkat (an empty path reads an O_PATH descriptor's symlink),
// access, faccessat, faccessat2. Everything runs as root, so access only refuses X_OK on a file with no execute bit
// and W_OK on a read-only file system, as Linux does for root.
using System;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class LinkQueryCalls
    {
        private const int X_OK = 1;
        private const int W_OK = 2;
        private const int AT_EACCESS = 0x200;

        public static long Readlink(ref SyscallArguments a) => ReadlinkAt(PathArguments.AT_FDCWD, a.A0, a.A1, a.A2);

        public static long Readlinkat(ref SyscallArguments a) => ReadlinkAt((long)a.A0, a.A1, a.A2, a.A3);

        public static long Access(ref SyscallArguments a) => AccessAt(PathArguments.AT_FDCWD, a.A0, (int)a.A1, 0);

        public static long Faccessat(ref SyscallArguments a) => AccessAt((long)a.A0, a.A1, (int)a.A2, 0);

        public static long Faccessat2(ref SyscallArguments a) => AccessAt((long)a.A0, a.A1, (int)a.A2, (int)a.A3);

        private static long ReadlinkAt(long dirfd, ulong pathAddress, ulong buffer, ulong size)
        {
            if ((long)size <= 0)
            {
                return -Errno.EINVAL;
            }

            int error = PathArguments.Lookup(dirfd, pathAddress, PathArguments.AT_EMPTY_PATH, 0, out Inode inode);
            if (error == (int)-Errno.ENOENT && IsProcSelfExe(pathAddress))
            {
                return ExecutablePath(buffer, size);
            }

            if (error < 0)
            {
                return error;
            }

            byte* target = stackalloc byte[PathArguments.BufferSize];
            int length = inode.IsSymlink ? inode.ReadLink(new Span<byte>(target, PathArguments.BufferSize)) : (int)-Errno.EINVAL;
            inode.Drop();
            if (length < 0)
            {
                // readlinkat(fd, "") on something that is not a symlink: ENOENT, as Linux says.
                return length == (int)-Errno.EINVAL && IsEmpty(pathAddress) ? -Errno.ENOENT : length;
            }

            ulong count = (ulong)length < size ? (ulong)length : size;
            return UserMemory.CopyToUser(buffer, target, count) ? (long)count : -Errno.EFAULT;
        }

        private static long AccessAt(long dirfd, ulong pathAddress, int mode, int flags)
        {
            if ((mode & ~7) != 0 || (flags & ~(AT_EACCESS | PathArguments.AT_SYMLINK_NOFOLLOW | PathArguments.AT_EMPTY_PATH)) != 0)
            {
                return -Errno.EINVAL;
            }

            int walk = (flags & PathArguments.AT_SYMLINK_NOFOLLOW) != 0 ? 0 : PathWalk.FollowFinal;
            int error = PathArguments.Lookup(dirfd, pathAddress, flags, walk, out Inode inode);
            if (error < 0)
            {
                return error;
            }

            if ((mode & X_OK) != 0 && !inode.IsDirectory && (inode.Mode & 0x49) == 0)
            {
                error = (int)-Errno.EACCES;
            }
            else if ((mode & W_OK) != 0 && inode.FileSystem.ReadOnly && (inode.IsRegular || inode.IsDirectory || inode.IsSymlink))
            {
                error = (int)-Errno.EROFS;
            }

            inode.Drop();
            return error;
        }

        private static bool IsEmpty(ulong pathAddress) => UserMemory.Read(pathAddress, out byte first) && first == 0;

        // FIXME: /proc/self/exe belongs to the /proc file system; until it is mounted, answer it here.
        private static bool IsProcSelfExe(ulong pathAddress)
        {
            byte* path = stackalloc byte[16];
            int length = UserMemory.CopyStringFromUser(path, pathAddress, 16);
            ReadOnlySpan<byte> expected = "/proc/self/exe"u8;
            if (length != expected.Length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (path[i] != expected[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static long ExecutablePath(ulong buffer, ulong size)
        {
            ulong count = Math.Min(size, (ulong)UserProcess.ExecutablePathLength);
            return UserMemory.CopyToUser(buffer, UserProcess.ExecutablePath, count) ? (long)count : -Errno.EFAULT;
        }
    }
}
