// Asking about files: stat, fstat, lstat, newfstatat, statx (AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW), statfs and fstatfs.
// fstat works on O_PATH descriptors, as on Linux.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class StatCalls
    {
        private const int AT_STATX_SYNC_TYPE = 0x6000;
        private const uint STATX__RESERVED = 0x80000000;
        private const long ST_RDONLY = 1;

        public static long Stat(ref SyscallArguments a) => StatPath(PathArguments.AT_FDCWD, a.A0, a.A1, 0);

        public static long Lstat(ref SyscallArguments a) => StatPath(PathArguments.AT_FDCWD, a.A0, a.A1, PathArguments.AT_SYMLINK_NOFOLLOW);

        public static long Newfstatat(ref SyscallArguments a) => StatPath((long)a.A0, a.A1, a.A2, (int)a.A3);

        public static long Fstat(ref SyscallArguments a)
        {
            OpenFile file = FileTable.Current.Peek((uint)a.A0);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            LinuxStat stat = default;
            file.Stat(&stat);
            return UserMemory.CopyToUser(a.A1, &stat, LinuxStat.Size) ? 0 : -Errno.EFAULT;
        }

        // statx(dirfd, path, flags, mask, buffer)
        public static long Statx(ref SyscallArguments a)
        {
            int flags = (int)a.A2;
            int allowed = PathArguments.AT_SYMLINK_NOFOLLOW | PathArguments.AT_NO_AUTOMOUNT | PathArguments.AT_EMPTY_PATH | AT_STATX_SYNC_TYPE;
            if ((flags & ~allowed) != 0 || (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || ((uint)a.A3 & STATX__RESERVED) != 0)
            {
                return -Errno.EINVAL;
            }

            LinuxStat stat = default;
            int error = StatInto(&stat, (long)a.A0, a.A1, flags);
            if (error < 0)
            {
                return error;
            }

            LinuxStatx statx = LinuxStatx.From(in stat);
            return UserMemory.CopyToUser(a.A4, &statx, LinuxStatx.Size) ? 0 : -Errno.EFAULT;
        }

        public static long Statfs(ref SyscallArguments a)
        {
            int error = PathArguments.Lookup(PathArguments.AT_FDCWD, a.A0, 0, PathWalk.FollowFinal, out Inode inode);
            if (error < 0)
            {
                return error;
            }

            long result = CopyStatFs(inode, a.A1);
            inode.Drop();
            return result;
        }

        public static long Fstatfs(ref SyscallArguments a)
        {
            OpenFile file = FileTable.Current.Peek((uint)a.A0);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            // Pipes, sockets and the console live on kernel-internal file systems with no statfs here.
            return file.Inode == null ? -Errno.ENOSYS : CopyStatFs(file.Inode, a.A1);
        }

        private static long StatPath(long dirfd, ulong path, ulong destination, int flags)
        {
            if ((flags & ~(PathArguments.AT_SYMLINK_NOFOLLOW | PathArguments.AT_NO_AUTOMOUNT | PathArguments.AT_EMPTY_PATH)) != 0)
            {
                return -Errno.EINVAL;
            }

            LinuxStat stat = default;
            int error = StatInto(&stat, dirfd, path, flags);
            if (error < 0)
            {
                return error;
            }

            return UserMemory.CopyToUser(destination, &stat, LinuxStat.Size) ? 0 : -Errno.EFAULT;
        }

        private static int StatInto(LinuxStat* stat, long dirfd, ulong path, int flags)
        {
            // An empty path with AT_EMPTY_PATH is fstat of the descriptor, which need not have an inode (a pipe).
            if ((flags & PathArguments.AT_EMPTY_PATH) != 0 && (int)dirfd != (int)PathArguments.AT_FDCWD)
            {
                if (!UserMemory.Read(path, out byte first))
                {
                    return (int)-Errno.EFAULT;
                }

                if (first == 0)
                {
                    OpenFile file = FileTable.Current.Peek((uint)dirfd);
                    if (file == null)
                    {
                        return (int)-Errno.EBADF;
                    }

                    file.Stat(stat);
                    return 0;
                }
            }

            int walk = (flags & PathArguments.AT_SYMLINK_NOFOLLOW) != 0 ? 0 : PathWalk.FollowFinal;
            int error = PathArguments.Lookup(dirfd, path, flags, walk, out Inode inode);
            if (error < 0)
            {
                return error;
            }

            inode.Stat(stat);
            inode.Drop();
            return 0;
        }

        private static long CopyStatFs(Inode inode, ulong destination)
        {
            LinuxStatFs statfs = default;
            FileSystem fileSystem = inode.FileSystem;
            fileSystem.StatFs(&statfs);
            statfs.Type = fileSystem.Magic;
            statfs.FileSystemId = fileSystem.DeviceId;
            statfs.Flags = fileSystem.ReadOnly ? ST_RDONLY : 0;
            // ST_VALID (0x20): the flags field is filled in, as every Linux since 2.6.36 reports.
            statfs.Flags |= 0x20;
            return UserMemory.CopyToUser(destination, &statfs, LinuxStatFs.Size) ? 0 : -Errno.EFAULT;
        }
    }
}
