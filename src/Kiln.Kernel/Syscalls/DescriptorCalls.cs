// Managing descriptors themselves: close, close_range, dup, dup2, dup3, fcntl (F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD,
// F_SETFD, F_GETFL, F_SETFL, and what a file adds such as F_GETPIPE_SZ) and ioctl (FIONBIO, FIOCLEX, FIONCLEX here;
// the rest, FIONREAD and the terminal requests, by the file).
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static class DescriptorCalls
    {
        private const int F_DUPFD = 0;
        private const int F_GETFD = 1;
        private const int F_SETFD = 2;
        private const int F_GETFL = 3;
        private const int F_SETFL = 4;
        private const int F_DUPFD_CLOEXEC = 1030;
        private const ulong FD_CLOEXEC = 1;

        private const uint FIONBIO = 0x5421;
        private const uint FIONCLEX = 0x5450;
        private const uint FIOCLEX = 0x5451;

        private const ulong CLOSE_RANGE_UNSHARE = 2;
        private const ulong CLOSE_RANGE_CLOEXEC = 4;

        // Closing any descriptor of a file releases the process's record locks on it (fcntl(2)).
        public static long Close(ref SyscallArguments a)
        {
            Vfs.Inode inode = FileTable.Current.Peek((uint)a.A0)?.Inode;
            inode?.Hold();
            long result = FileTable.Current.Close((uint)a.A0);
            if (inode != null)
            {
                RecordLocks.DescriptorClosed(inode);
                inode.Drop();
            }

            return result;
        }

        // close_range(first, last, flags): closes, or marks close-on-exec, every open descriptor in [first, last].
        public static long CloseRange(ref SyscallArguments a)
        {
            uint first = (uint)a.A0;
            uint last = (uint)a.A1;
            ulong flags = a.A2;
            if ((flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) != 0 || first > last)
            {
                return -Errno.EINVAL;
            }

            Thread current = Scheduler.Current;
            FileTable table = current.Files;
            if ((flags & CLOSE_RANGE_UNSHARE) != 0 && table.IsShared)
            {
                current.Files = table.Copy();
                table.Drop();
                table = current.Files;
            }

            long highest = table.Highest;
            for (long fd = first; fd <= last && fd <= highest; fd++)
            {
                if (table.Peek(fd) == null)
                {
                    continue;
                }

                if ((flags & CLOSE_RANGE_CLOEXEC) != 0)
                {
                    table.SetCloseOnExec((int)fd, true);
                }
                else
                {
                    table.Close(fd);
                }
            }

            return 0;
        }

        public static long Dup(ref SyscallArguments a)
        {
            FileTable table = FileTable.Current;
            OpenFile file = table.Peek((uint)a.A0);
            return file == null ? -Errno.EBADF : Duplicate(table, file, 0, closeOnExec: false);
        }

        public static long Dup2(ref SyscallArguments a)
        {
            // dup2 to the same number only checks that it is open.
            if ((uint)a.A0 == (uint)a.A1)
            {
                return FileTable.Current.Peek((uint)a.A0) == null ? -Errno.EBADF : (uint)a.A1;
            }

            return DuplicateTo((uint)a.A0, (uint)a.A1, closeOnExec: false);
        }

        public static long Dup3(ref SyscallArguments a)
        {
            if ((a.A2 & ~(ulong)OpenFlags.O_CLOEXEC) != 0 || (uint)a.A0 == (uint)a.A1)
            {
                return -Errno.EINVAL;
            }

            return DuplicateTo((uint)a.A0, (uint)a.A1, (a.A2 & OpenFlags.O_CLOEXEC) != 0);
        }

        private static long DuplicateTo(uint oldFd, uint newFd, bool closeOnExec)
        {
            if (newFd >= (uint)InfoCalls.OpenFileLimit)
            {
                return -Errno.EBADF;
            }

            FileTable table = FileTable.Current;
            OpenFile file = table.Peek(oldFd);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            file.AddReference();
            table.InstallAt((int)newFd, file, closeOnExec);
            return newFd;
        }

        private static long Duplicate(FileTable table, OpenFile file, int floor, bool closeOnExec)
        {
            file.AddReference();
            int fd = table.Install(file, floor, closeOnExec, InfoCalls.OpenFileLimit);
            if (fd < 0)
            {
                file.Drop();
            }

            return fd;
        }

        // fcntl(fd, cmd, arg)
        public static long Fcntl(ref SyscallArguments a)
        {
            FileTable table = FileTable.Current;
            int fd = (int)(uint)a.A0;
            OpenFile file = table.Peek((uint)a.A0);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            int command = (int)(uint)a.A1;
            switch (command)
            {
                case F_DUPFD:
                case F_DUPFD_CLOEXEC:
                    if (a.A2 >= (ulong)InfoCalls.OpenFileLimit)
                    {
                        return -Errno.EINVAL;
                    }

                    return Duplicate(table, file, (int)a.A2, command == F_DUPFD_CLOEXEC);
                case F_GETFD:
                    return table.IsCloseOnExec(fd) ? (long)FD_CLOEXEC : 0;
                case F_SETFD:
                    table.SetCloseOnExec(fd, (a.A2 & FD_CLOEXEC) != 0);
                    return 0;
                case F_GETFL:
                    return file.StatusFlags;
                case F_SETFL:
                    // Only the status flags change (SETFL_MASK); the access mode and creation flags are ignored, as on
                    // Linux. O_DIRECT is not recorded: no file here does direct I/O.
                    int settable = OpenFlags.SetflMask & ~OpenFlags.O_DIRECT;
                    file.StatusFlags = (file.StatusFlags & ~settable) | ((int)a.A2 & settable);
                    return 0;
                default:
                    return file.Fcntl(command, a.A2);
            }
        }

        // ioctl(fd, request, argument): the requests every file answers, then the file's own.
        public static long Ioctl(ref SyscallArguments a)
        {
            FileTable table = FileTable.Current;
            OpenFile file = table.Acquire((uint)a.A0);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            long result;
            switch ((uint)a.A1)
            {
                case FIONBIO:
                    if (!UserMemory.Read(a.A2, out int on))
                    {
                        result = -Errno.EFAULT;
                        break;
                    }

                    file.StatusFlags = on != 0 ? file.StatusFlags | OpenFlags.O_NONBLOCK : file.StatusFlags & ~OpenFlags.O_NONBLOCK;
                    result = 0;
                    break;
                case FIOCLEX:
                    table.SetCloseOnExec((int)(uint)a.A0, true);
                    result = 0;
                    break;
                case FIONCLEX:
                    table.SetCloseOnExec((int)(uint)a.A0, false);
                    result = 0;
                    break;
                default:
                    result = file.Ioctl((uint)a.A1, a.A2);
                    break;
            }

            file.Drop();
            return result;
        }
    }
}
