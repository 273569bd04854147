// Attributes: umask, chmod/fchmod/fchmodat, chown/fchown/lchown/fchownat (recorded: everything runs as root, so no
// permission is checked), and utimensat (UTIME_NOW, UTIME_OMIT, AT_SYMLINK_NOFOLLOW; a null path is futimens).
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class AttributeCalls
    {
        private const uint S_ISUID = 0x800;
        private const uint S_ISGID = 0x400;
        private const uint S_IXGRP = 0x8;
        private const long UTIME_NOW = (1L << 30) - 1;
        private const long UTIME_OMIT = (1L << 30) - 2;

        public static long Umask(ref SyscallArguments a)
        {
            uint previous = UserProcess.Umask;
            UserProcess.Umask = (uint)a.A0 & 0x1FF;
            return previous;
        }

        public static long Chmod(ref SyscallArguments a) => ChmodPath(PathArguments.AT_FDCWD, a.A0, (uint)a.A1);

        public static long Fchmodat(ref SyscallArguments a) => ChmodPath((long)a.A0, a.A1, (uint)a.A2);

        public static long Fchmod(ref SyscallArguments a)
        {
            int error = DescriptorInode(a.A0, out Inode inode);
            return error < 0 ? error : SetMode(inode, (uint)a.A1);
        }

        public static long Chown(ref SyscallArguments a) => ChownPath(PathArguments.AT_FDCWD, a.A0, (uint)a.A1, (uint)a.A2, 0);

        public static long Lchown(ref SyscallArguments a) =>
            ChownPath(PathArguments.AT_FDCWD, a.A0, (uint)a.A1, (uint)a.A2, PathArguments.AT_SYMLINK_NOFOLLOW);

        public static long Fchownat(ref SyscallArguments a) => ChownPath((long)a.A0, a.A1, (uint)a.A2, (uint)a.A3, (int)a.A4);

        public static long Fchown(ref SyscallArguments a)
        {
            int error = DescriptorInode(a.A0, out Inode inode);
            return error < 0 ? error : SetOwner(inode, (uint)a.A1, (uint)a.A2);
        }

        // utimensat(dirfd, path, times[2], flags)
        public static long Utimensat(ref SyscallArguments a)
        {
            int flags = (int)a.A3;
            if ((flags & ~(PathArguments.AT_SYMLINK_NOFOLLOW | PathArguments.AT_EMPTY_PATH)) != 0)
            {
                return -Errno.EINVAL;
            }

            long* times = stackalloc long[4];
            bool now = a.A2 == 0;
            if (!now)
            {
                if (!UserMemory.CopyFromUser(times, a.A2, 32))
                {
                    return -Errno.EFAULT;
                }

                for (int i = 0; i < 2; i++)
                {
                    long nanoseconds = times[2 * i + 1];
                    if (nanoseconds != UTIME_NOW && nanoseconds != UTIME_OMIT && (nanoseconds < 0 || nanoseconds > 999_999_999))
                    {
                        return -Errno.EINVAL;
                    }
                }
            }

            Inode inode;
            int error;
            if (a.A1 == 0)
            {
                // futimens: the descriptor itself (AT_FDCWD is EFAULT here on Linux; a bad fd EBADF).
                if ((int)a.A0 == (int)PathArguments.AT_FDCWD)
                {
                    return -Errno.EFAULT;
                }

                error = DescriptorInode(a.A0, out inode);
                if (error == 0)
                {
                    inode.Hold();
                }
            }
            else
            {
                int walk = (flags & PathArguments.AT_SYMLINK_NOFOLLOW) != 0 ? 0 : PathWalk.FollowFinal;
                error = PathArguments.Lookup((long)a.A0, a.A1, flags, walk, out inode);
            }

            if (error < 0)
            {
                return error;
            }

            if (inode.FileSystem.ReadOnly)
            {
                inode.Drop();
                return -Errno.EROFS;
            }

            long current = FileTimes.Now;
            bool changed = false;
            for (int i = 0; i < 2; i++)
            {
                long nanoseconds = now ? UTIME_NOW : times[2 * i + 1];
                if (nanoseconds == UTIME_OMIT)
                {
                    continue;
                }

                long value = nanoseconds == UTIME_NOW ? current : times[2 * i] * 1_000_000_000 + nanoseconds;
                if (i == 0)
                {
                    inode.AccessTime = value;
                }
                else
                {
                    inode.ModifyTime = value;
                }

                changed = true;
            }

            if (changed)
            {
                inode.ChangeTime = current;
                inode.AttributesChanged();
            }

            inode.Drop();
            return 0;
        }

        private static long ChmodPath(long dirfd, ulong path, uint mode)
        {
            int error = PathArguments.Lookup(dirfd, path, 0, PathWalk.FollowFinal, out Inode inode);
            if (error < 0)
            {
                return error;
            }

            long result = SetMode(inode, mode);
            inode.Drop();
            return result;
        }

        private static long ChownPath(long dirfd, ulong path, uint uid, uint gid, int flags)
        {
            if ((flags & ~(PathArguments.AT_SYMLINK_NOFOLLOW | PathArguments.AT_EMPTY_PATH)) != 0)
            {
                return -Errno.EINVAL;
            }

            int walk = (flags & PathArguments.AT_SYMLINK_NOFOLLOW) != 0 ? 0 : PathWalk.FollowFinal;
            int error = PathArguments.Lookup(dirfd, path, flags, walk, out Inode inode);
            if (error < 0)
            {
                return error;
            }

            long result = SetOwner(inode, uid, gid);
            inode.Drop();
            return result;
        }

        // The inode of an open descriptor, not held (nothing here blocks); O_PATH descriptors are EBADF.
        private static int DescriptorInode(ulong fd, out Inode inode)
        {
            inode = null;
            OpenFile file = FileTable.Current.Peek((uint)fd);
            if (file == null || (file is InodeFile pathFile && pathFile.IsPathOnly))
            {
                return (int)-Errno.EBADF;
            }

            inode = file.Inode;
            // Pipes and the console have inodes on Linux too; here they have no VFS inode to record the change in.
            return inode == null ? (int)-Errno.EOPNOTSUPP : 0;
        }

        private static long SetMode(Inode inode, uint mode)
        {
            if (inode.FileSystem.ReadOnly)
            {
                return -Errno.EROFS;
            }

            inode.Mode = (inode.Mode & Inode.S_IFMT) | (mode & 0xFFF);
            FileTimes.Changed(inode);
            inode.AttributesChanged();
            return 0;
        }

        // (uid_t)-1 leaves a field as it is. A change of owner clears set-user-ID, and set-group-ID when group
        // execution is on, for anything but a directory (chown(2)).
        private static long SetOwner(Inode inode, uint uid, uint gid)
        {
            if (inode.FileSystem.ReadOnly)
            {
                return -Errno.EROFS;
            }

            if (uid != uint.MaxValue)
            {
                inode.Uid = uid;
            }

            if (gid != uint.MaxValue)
            {
                inode.Gid = gid;
            }

            if ((uid != uint.MaxValue || gid != uint.MaxValue) && !inode.IsDirectory)
            {
                inode.Mode &= ~S_ISUID;
                if ((inode.Mode & S_IXGRP) != 0)
                {
                    inode.Mode &= ~S_ISGID;
                }
            }

            FileTimes.Changed(inode);
            inode.AttributesChanged();
            return 0;
        }
    }
}
