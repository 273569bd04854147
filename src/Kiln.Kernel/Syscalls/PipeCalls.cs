// pipe and pipe2: a new pipe, its read end and write end installed at the two lowest free descriptors.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class PipeCalls
    {
        // O_NOTIFICATION_PIPE (= O_EXCL) needs watch queues, which Kiln does not have: ENOPKG, as a kernel built without them says.
        private const int O_NOTIFICATION_PIPE = 0x80;
        private const int AllowedFlags = OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK | OpenFlags.O_DIRECT;

        public static long Pipe(ref SyscallArguments a) => Create(a.A0, 0);

        public static long Pipe2(ref SyscallArguments a) => Create(a.A0, a.A1);

        private static long Create(ulong fds, ulong flags)
        {
            if ((flags & ~(ulong)(AllowedFlags | O_NOTIFICATION_PIPE)) != 0)
            {
                return -Errno.EINVAL;
            }

            if ((flags & O_NOTIFICATION_PIPE) != 0)
            {
                return -Errno.ENOPKG;
            }

            FileTable table = FileTable.Current;
            int limit = InfoCalls.OpenFileLimit;
            bool closeOnExec = (flags & OpenFlags.O_CLOEXEC) != 0;
            Files.Pipe pipe = Files.Pipe.Create((int)flags & (OpenFlags.O_NONBLOCK | OpenFlags.O_DIRECT));
            int* pair = stackalloc int[2];
            pair[0] = table.Install(pipe.ReadEnd, 0, closeOnExec, limit);
            if (pair[0] < 0)
            {
                pipe.ReadEnd.Drop();
                pipe.WriteEnd.Drop();
                return pair[0];
            }

            pair[1] = table.Install(pipe.WriteEnd, 0, closeOnExec, limit);
            if (pair[1] < 0)
            {
                table.Close(pair[0]);
                pipe.WriteEnd.Drop();
                return pair[1];
            }

            if (!UserMemory.CopyToUser(fds, pair, 8))
            {
                table.Close(pair[0]);
                table.Close(pair[1]);
                return -Errno.EFAULT;
            }

            return 0;
        }
    }
}
