// rt_sigaction and rt_sigprocmask. Handlers and the mask are recorded and reported back exactly; delivery comes
// with the signal issue, so a fault still ends the program with a crash report.
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SignalCalls
    {
        private const int SignalCount = 64;
        private const ulong SigsetSize = 8;
        private const int SIGKILL = 9;
        private const int SIGSTOP = 19;
        private const ulong SIG_BLOCK = 0;
        private const ulong SIG_UNBLOCK = 1;
        private const ulong SIG_SETMASK = 2;

        // struct kernel_sigaction: handler, flags, restorer, mask (4 words each).
        private static ulong* s_actions;
        private static ulong s_blocked;

        public static long RtSigaction(ref SyscallArguments a)
        {
            int signal = (int)a.A0;
            if (signal < 1 || signal > SignalCount || a.A3 != SigsetSize)
            {
                return -Errno.EINVAL;
            }

            if (s_actions == null)
            {
                s_actions = (ulong*)KernelHeap.Allocate(SignalCount * 32);
            }

            ulong* slot = s_actions + ((signal - 1) * 4);
            ulong* incoming = stackalloc ulong[4];
            if (a.A1 != 0)
            {
                if (signal == SIGKILL || signal == SIGSTOP)
                {
                    return -Errno.EINVAL;
                }

                if (!UserMemory.CopyFromUser(incoming, a.A1, 32))
                {
                    return -Errno.EFAULT;
                }
            }

            if (a.A2 != 0 && !UserMemory.CopyToUser(a.A2, slot, 32))
            {
                return -Errno.EFAULT;
            }

            if (a.A1 != 0)
            {
                for (int i = 0; i < 4; i++)
                {
                    slot[i] = incoming[i];
                }
            }

            return 0;
        }

        public static long RtSigprocmask(ref SyscallArguments a)
        {
            if (a.A3 != SigsetSize)
            {
                return -Errno.EINVAL;
            }

            ulong old = s_blocked;
            if (a.A1 != 0)
            {
                if (!UserMemory.Read(a.A1, out ulong set))
                {
                    return -Errno.EFAULT;
                }

                // SIGKILL and SIGSTOP cannot be blocked.
                set &= ~((1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1)));
                switch (a.A0)
                {
                    case SIG_BLOCK:
                        s_blocked |= set;
                        break;
                    case SIG_UNBLOCK:
                        s_blocked &= ~set;
                        break;
                    case SIG_SETMASK:
                        s_blocked = set;
                        break;
                    default:
                        return -Errno.EINVAL;
                }
            }

            if (a.A2 != 0 && !UserMemory.Write(a.A2, old))
            {
                return -Errno.EFAULT;
            }

            return 0;
        }
    }
}
