// eventfd and eventfd2: a new eventfd counter with its initial value.
using Kiln.Kernel.Files;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static class EventFdCalls
    {
        private const int AllowedFlags = EventFd.EFD_SEMAPHORE | OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK;

        public static long Eventfd(ref SyscallArguments a) => Create((uint)a.A0, 0);

        public static long Eventfd2(ref SyscallArguments a) => Create((uint)a.A0, a.A1);

        private static long Create(uint initial, ulong flags)
        {
            if ((flags & ~(ulong)AllowedFlags) != 0)
            {
                return -Errno.EINVAL;
            }

            EventFd file = EventFd.Create(initial, (int)flags);
            int fd = FileTable.Current.Install(file, 0, (flags & OpenFlags.O_CLOEXEC) != 0, InfoCalls.OpenFileLimit);
            if (fd < 0)
            {
                file.Drop();
            }

            return fd;
        }
    }
}
