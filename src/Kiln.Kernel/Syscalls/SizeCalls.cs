// File sizes: truncate, ftruncate (EINVAL unless a regular file open for writing, as Linux says), and fallocate
// (mode 0 and FALLOC_FL_KEEP_SIZE; other modes EOPNOTSUPP).
using Kiln.Kernel.Files;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static class SizeCalls
    {
        public static long Truncate(ref SyscallArguments a)
        {
            long length = (long)a.A1;
            if (length < 0)
            {
                return -Errno.EINVAL;
            }

            int error = PathArguments.Lookup(PathArguments.AT_FDCWD, a.A0, 0, PathWalk.FollowFinal, out Inode inode);
            if (error < 0)
            {
                return error;
            }

            error = inode.IsDirectory ? (int)-Errno.EISDIR
                : !inode.IsRegular ? (int)-Errno.EINVAL
                : inode.FileSystem.ReadOnly ? (int)-Errno.EROFS
                : length > FileContents.MaxSize ? (int)-Errno.EFBIG
                : inode.SetSize(length);
            inode.Drop();
            return error;
        }

        public static long Ftruncate(ref SyscallArguments a)
        {
            OpenFile file = FileTable.Current.Peek((uint)a.A0);
            if (file == null || (file is InodeFile pathFile && pathFile.IsPathOnly))
            {
                return -Errno.EBADF;
            }

            long length = (long)a.A1;
            Inode inode = file.Inode;
            if (length < 0 || inode == null || !inode.IsRegular || !file.CanWrite)
            {
                return -Errno.EINVAL;
            }

            if (length > FileContents.MaxSize)
            {
                return -Errno.EFBIG;
            }

            return inode.FileSystem.ReadOnly ? -Errno.EROFS : inode.SetSize(length);
        }

        // fallocate(fd, mode, offset, len)
        public static long Fallocate(ref SyscallArguments a)
        {
            int mode = (int)a.A1;
            long offset = (long)a.A2;
            long length = (long)a.A3;
            OpenFile file = FileTable.Current.Peek((uint)a.A0);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            if (offset < 0 || length <= 0)
            {
                return -Errno.EINVAL;
            }

            if (!file.CanWrite || (file is InodeFile pathFile && pathFile.IsPathOnly))
            {
                return -Errno.EBADF;
            }

            Inode inode = file.Inode;
            if (inode == null)
            {
                return file.HasPosition ? -Errno.ENODEV : -Errno.ESPIPE;
            }

            if (inode.IsDirectory)
            {
                return -Errno.EISDIR;
            }

            if (!inode.IsRegular)
            {
                return -Errno.ENODEV;
            }

            if (offset + length > FileContents.MaxSize || offset + length < 0)
            {
                return -Errno.EFBIG;
            }

            return inode.FileSystem.ReadOnly ? -Errno.EROFS : inode.Allocate(mode, offset, length);
        }
    }
}
