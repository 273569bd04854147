// fsync, fdatasync, sync and syncfs: make what a program wrote durable. A file on KilnFS commits the volume's whole
// pending transaction (ext4 commits its journal the same way); files of memory-only file systems have nothing to do.
using Kiln.Kernel.Files;
using Kiln.Kernel.FileSystems.KilnFs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static class SyncCalls
    {
        /// <summary>fsync(fd)</summary>
        public static long Fsync(ref SyscallArguments a) => SyncFile(a.A0, dataOnly: false);

        /// <summary>fdatasync(fd)</summary>
        public static long Fdatasync(ref SyscallArguments a) => SyncFile(a.A0, dataOnly: true);

        /// <summary>sync(): every writable volume; Linux's sync cannot fail, so errors are not reported.</summary>
        public static long Sync(ref SyscallArguments a)
        {
            KilnFsBoot.SyncAll();
            return 0;
        }

        /// <summary>syncfs(fd): the file system holding fd.</summary>
        public static long Syncfs(ref SyscallArguments a)
        {
            OpenFile file = FileTable.Current.Acquire((long)a.A0);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            long result = file.Inode == null ? 0 : file.Inode.FileSystem.Sync();
            file.Drop();
            return result;
        }

        // Pipes, sockets and eventfds have no inode here: fsync(2) says EINVAL "fd is bound to a special file".
        private static long SyncFile(ulong fd, bool dataOnly)
        {
            OpenFile file = FileTable.Current.Acquire((long)fd);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            long result = file.Inode == null ? -Errno.EINVAL : file.Inode.Sync(dataOnly);
            file.Drop();
            return result;
        }
    }
}
