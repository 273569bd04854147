// Process identity and lifetime: exit_group, the id getters and rseq. Per-thread calls are in ThreadCalls.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class ProcessCalls
    {
        private const ulong RseqMinimumSize = 32;

        // exit_group(status): every thread ends, and so does the program.
        public static long ExitGroup(ref SyscallArguments a)
        {
            ProcessExit.Exit((int)a.A0);
            return 0;
        }

        public static long Getpid(ref SyscallArguments a) => UserProcess.Pid;

        // The program is the only process: its parent is "the kernel", reported as 0 as for Linux's init.
        public static long Getppid(ref SyscallArguments a) => 0;

        public static long Getuid(ref SyscallArguments a) => 0;

        // rseq(rseq, len, flags, sig), per thread. The kernel keeps cpu_id_start and cpu_id current (always CPU 0
        // until SMP) and aborts a restartable sequence the thread was preempted or signalled in (Rseq.cs).
        public static long Rseq(ref SyscallArguments a)
        {
            const ulong RSEQ_FLAG_UNREGISTER = 1;
            Kiln.Kernel.Scheduling.Thread current = Kiln.Kernel.Scheduling.Scheduler.Current;
            if ((a.A2 & RSEQ_FLAG_UNREGISTER) != 0)
            {
                if (a.A0 != current.Rseq || (uint)a.A3 != current.RseqSignature)
                {
                    return -Errno.EINVAL;
                }

                current.Rseq = 0;
                return 0;
            }

            if (a.A1 < RseqMinimumSize || (a.A0 & 31) != 0 || a.A2 != 0)
            {
                return -Errno.EINVAL;
            }

            if (current.Rseq != 0)
            {
                return current.Rseq == a.A0 ? -Errno.EBUSY : -Errno.EINVAL;
            }

            ulong cpu = 0;
            if (!UserMemory.CopyToUser(a.A0, &cpu, 8))
            {
                return -Errno.EFAULT;
            }

            current.Rseq = a.A0;
            current.RseqSignature = (uint)a.A3;
            return 0;
        }
    }
}
