// Making data durable: fsync and fdatasync (the inode's Sync), sync (every mounted file system) and syncfs (the
// descriptor's file system). tmpfs has nothing to write back; disk file systems do their work in Sync.
using Kiln.Kernel.Files;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static class SyncCalls
    {
        public static long Fsync(ref SyscallArguments a) => SyncFile(a.A0, dataOnly: false);

        public static long Fdatasync(ref SyscallArguments a) => SyncFile(a.A0, dataOnly: true);

        public static long Sync(ref SyscallArguments a)
        {
            VfsRoot.SyncAll();
            return 0;
        }

        public static long Syncfs(ref SyscallArguments a)
        {
            OpenFile file = FileTable.Current.Peek((uint)a.A0);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            // Pipes and the console live on kernel-internal file systems with nothing to write back.
            return file.Inode == null ? 0 : file.Inode.FileSystem.Sync();
        }

        private static long SyncFile(ulong fd, bool dataOnly)
        {
            OpenFile file = FileTable.Current.Acquire((uint)fd);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            long result;
            if (file is InodeFile pathFile && pathFile.IsPathOnly)
            {
                result = -Errno.EBADF;
            }
            else
            {
                // Pipes, sockets and terminals cannot be synced (EINVAL, as Linux says).
                result = file.Inode == null ? -Errno.EINVAL : file.Inode.Sync(dataOnly);
            }

            file.Drop();
            return result;
        }
    }
}
