// signalfd and signalfd4 (fs/signalfd.c): a new signalfd taking the signals of a mask (Files/SignalFd), or a new
// mask for an existing one when the descriptor is not -1. Checked in Linux's order: the mask size, the mask, the
// flags, then the descriptor. SIGKILL and SIGSTOP are silently left out of the mask.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static class SignalFdCalls
    {
        private const int SFD_NONBLOCK = OpenFlags.O_NONBLOCK;
        private const int SFD_CLOEXEC = OpenFlags.O_CLOEXEC;

        // signalfd(fd, mask, sizemask)
        public static long Signalfd(ref SyscallArguments a) => Update((int)a.A0, a.A1, a.A2, 0);

        // signalfd4(fd, mask, sizemask, flags)
        public static long Signalfd4(ref SyscallArguments a) => Update((int)a.A0, a.A1, a.A2, (int)a.A3);

        private static long Update(int fd, ulong maskAddress, ulong maskSize, int flags)
        {
            if (maskSize != SignalCalls.SigsetSize)
            {
                return -Errno.EINVAL;
            }

            if (!UserMemory.Read(maskAddress, out ulong mask))
            {
                return -Errno.EFAULT;
            }

            if ((flags & ~(SFD_NONBLOCK | SFD_CLOEXEC)) != 0)
            {
                return -Errno.EINVAL;
            }

            if (fd == -1)
            {
                SignalFd created = SignalFd.Create(mask, flags);
                int installed = FileTable.Current.Install(created, 0, (flags & SFD_CLOEXEC) != 0, InfoCalls.OpenFileLimit);
                if (installed < 0)
                {
                    created.Drop();
                }

                return installed;
            }

            // An existing signalfd keeps its flags: only the mask changes.
            OpenFile file = FileTable.Current.Peek(fd);
            if (file == null)
            {
                return -Errno.EBADF;
            }

            if (file is not SignalFd existing)
            {
                return -Errno.EINVAL;
            }

            existing.SetMask(mask);
            return fd;
        }
    }
}
