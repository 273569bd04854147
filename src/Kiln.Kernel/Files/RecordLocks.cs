// Advisory locks on files opened by path: fcntl record locks (F_GETLK, F_SETLK, F_SETLKW: owned by the process) and
// open-file-description locks (F_OFD_GETLK/SETLK/SETLKW: owned by the open file), which share one table and conflict
// with each other, and flock locks (whole-file, owned by the open file) in a table of their own, as on Linux. There
// is one process, so its record locks never conflict among themselves; OFD and flock locks of two open files do.
// A blocked F_SETLKW or flock sleeps until any lock is released, then looks again.
using Kiln.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal static unsafe class RecordLocks
    {
        public const int F_GETLK = 5;
        public const int F_SETLK = 6;
        public const int F_SETLKW = 7;
        public const int F_OFD_GETLK = 36;
        public const int F_OFD_SETLK = 37;
        public const int F_OFD_SETLKW = 38;

        public const short F_RDLCK = 0;
        public const short F_WRLCK = 1;
        public const short F_UNLCK = 2;

        public const int LOCK_SH = 1;
        public const int LOCK_EX = 2;
        public const int LOCK_NB = 4;
        public const int LOCK_UN = 8;

        // The process as a lock owner; open files are numbered from 2 on.
        private const long ProcessOwner = 1;

        private static readonly RecordLockTable s_records = new RecordLockTable();
        private static readonly RecordLockTable s_flocks = new RecordLockTable();
        private static readonly WaitQueue s_released = new WaitQueue();
        private static long s_nextOwner = 2;

        /// <summary>A lock owner number for a new open file.</summary>
        public static long NewOwner() => s_nextOwner++;

        /// <summary>fcntl's lock commands on <paramref name="file"/>; -EINVAL for any other command.</summary>
        public static long Fcntl(InodeFile file, int command, ulong argument)
        {
            bool ofd = command == F_OFD_GETLK || command == F_OFD_SETLK || command == F_OFD_SETLKW;
            bool get = command == F_GETLK || command == F_OFD_GETLK;
            bool wait = command == F_SETLKW || command == F_OFD_SETLKW;
            if (!ofd && !get && command != F_SETLK && !wait)
            {
                return -Errno.EINVAL;
            }

            if (file.IsPathOnly)
            {
                return -Errno.EBADF;
            }

            LinuxFlock request;
            if (!UserMemory.Read(argument, out request))
            {
                return -Errno.EFAULT;
            }

            // OFD requests must leave l_pid 0 (fcntl(2)).
            if (ofd && request.Pid != 0)
            {
                return -Errno.EINVAL;
            }

            long error = Range(file, in request, out long start, out long end);
            if (error < 0)
            {
                return error;
            }

            long owner = ofd ? file.LockOwner : ProcessOwner;
            long key = Key(file.Inode);
            short type = request.Type;
            if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK)
            {
                return -Errno.EINVAL;
            }

            if (get)
            {
                if (type == F_UNLCK)
                {
                    return -Errno.EINVAL;
                }

                int conflict = s_records.FindConflict(key, owner, type == F_WRLCK, start, end);
                Report(conflict, ref request);
                return UserMemory.Write(argument, request) ? 0 : -Errno.EFAULT;
            }

            if ((type == F_RDLCK && !file.CanRead) || (type == F_WRLCK && !file.CanWrite))
            {
                return -Errno.EBADF;
            }

            return Lock(s_records, key, owner, type, start, end, wait);
        }

        /// <summary>flock(fd, operation) on <paramref name="file"/>.</summary>
        public static long Flock(InodeFile file, int operation)
        {
            if (file.IsPathOnly)
            {
                return -Errno.EBADF;
            }

            int kind = operation & ~LOCK_NB;
            short type = kind == LOCK_SH ? F_RDLCK : kind == LOCK_EX ? F_WRLCK : kind == LOCK_UN ? F_UNLCK : (short)-1;
            if (type < 0)
            {
                return -Errno.EINVAL;
            }

            return Lock(s_flocks, Key(file.Inode), file.LockOwner, type, 0, RecordLockTable.ToEnd, (operation & LOCK_NB) == 0);
        }

        /// <summary>An open file is gone: its OFD and flock locks go with it.</summary>
        public static void ReleaseFile(InodeFile file)
        {
            long key = Key(file.Inode);
            if (s_records.Holds(key, file.LockOwner) || s_flocks.Holds(key, file.LockOwner))
            {
                s_records.RemoveOwner(key, file.LockOwner);
                s_flocks.RemoveOwner(key, file.LockOwner);
                s_released.WakeAll();
            }
        }

        /// <summary>A descriptor of <paramref name="inode"/> was closed: the process's record locks on it all go (fcntl(2)).</summary>
        public static void DescriptorClosed(Inode inode)
        {
            long key = Key(inode);
            if (s_records.Holds(key, ProcessOwner))
            {
                s_records.RemoveOwner(key, ProcessOwner);
                s_released.WakeAll();
            }
        }

        private static long Lock(RecordLockTable table, long key, long owner, short type, long start, long end, bool wait)
        {
            if (type == F_UNLCK)
            {
                table.Unlock(key, owner, start, end);
                s_released.WakeAll();
                return 0;
            }

            while (table.FindConflict(key, owner, type == F_WRLCK, start, end) >= 0)
            {
                if (!wait)
                {
                    return -Errno.EAGAIN;
                }

                if (s_released.Wait(Scheduler.Forever, interruptible: true) == WakeReason.Interrupted)
                {
                    return -Errno.ERESTARTSYS;
                }
            }

            table.Set(key, owner, type == F_WRLCK, start, end);
            // A lock that shrank or turned from write to read may let a waiter in.
            s_released.WakeAll();
            return 0;
        }

        // struct flock's l_whence/l_start/l_len as [start, end): EINVAL for a bad whence or a range before 0.
        private static long Range(InodeFile file, in LinuxFlock request, out long start, out long end)
        {
            start = 0;
            end = 0;
            long origin;
            switch (request.Whence)
            {
                case InodeFile.SEEK_SET:
                    origin = 0;
                    break;
                case InodeFile.SEEK_CUR:
                    origin = file.Position;
                    break;
                case InodeFile.SEEK_END:
                    origin = file.Inode.Size;
                    break;
                default:
                    return -Errno.EINVAL;
            }

            start = origin + request.Start;
            if (request.Length > 0)
            {
                end = start + request.Length;
            }
            else if (request.Length == 0)
            {
                end = RecordLockTable.ToEnd;
            }
            else
            {
                // A negative length covers the bytes before start.
                end = start;
                start += request.Length;
            }

            return start < 0 ? -Errno.EINVAL : 0;
        }

        private static void Report(int conflict, ref LinuxFlock request)
        {
            if (conflict < 0)
            {
                request.Type = F_UNLCK;
                return;
            }

            request.Type = s_records.IsWriteAt(conflict) ? F_WRLCK : F_RDLCK;
            request.Whence = InodeFile.SEEK_SET;
            request.Start = s_records.StartAt(conflict);
            long end = s_records.EndAt(conflict);
            request.Length = end == RecordLockTable.ToEnd ? 0 : end - request.Start;
            // An OFD lock has no process: l_pid -1 (fcntl(2)); a record lock is this process's.
            request.Pid = s_records.OwnerAt(conflict) == ProcessOwner ? Process.UserProcess.Pid : -1;
        }

        private static long Key(Inode inode) => (long)(inode.FileSystem.DeviceId << 40) ^ (long)inode.Number;
    }
}
