// flock: whole-file advisory locks owned by the open file (LOCK_SH, LOCK_EX, LOCK_UN, LOCK_NB). fcntl's record locks
// reach RecordLocks through InodeFile.Fcntl.
using Kiln.Kernel.Files;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static class LockCalls
    {
        public static long Flock(ref SyscallArguments a)
        {
            OpenFile file = FileTable.Current.Acquire((uint)a.A0);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            // Only files opened by path carry flock locks here (Linux would also lock pipes and sockets).
            long result = file is InodeFile inodeFile ? RecordLocks.Flock(inodeFile, (int)(uint)a.A1) : -Errno.EINVAL;
            file.Drop();
            return result;
        }
    }
}
