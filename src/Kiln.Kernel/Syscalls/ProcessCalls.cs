// Process identity and lifetime: exit, exit_group, the id getters, set_tid_address, set_robust_list, rseq and
// arch_prctl (the thread pointer glibc and musl keep in FS).
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class ProcessCalls
    {
        private const ulong ARCH_SET_GS = 0x1001;
        private const ulong ARCH_SET_FS = 0x1002;
        private const ulong ARCH_GET_FS = 0x1003;
        private const ulong ARCH_GET_GS = 0x1004;
        private const ulong RobustListHeadSize = 24;
        private const ulong RseqMinimumSize = 32;

        private static ulong s_robustList;
        private static ulong s_rseq;

        // One thread, so exit and exit_group both end the program.
        public static long Exit(ref SyscallArguments a)
        {
            ProcessExit.Exit((int)a.A0);
            return 0;
        }

        public static long Getpid(ref SyscallArguments a) => UserProcess.Pid;

        public static long Gettid(ref SyscallArguments a) => UserProcess.Pid;

        // The program is the only process: its parent is "the kernel", reported as 0 as for Linux's init.
        public static long Getppid(ref SyscallArguments a) => 0;

        public static long Getuid(ref SyscallArguments a) => 0;

        public static long SetTidAddress(ref SyscallArguments a)
        {
            UserProcess.ClearChildTid = a.A0;
            return UserProcess.Pid;
        }

        public static long SetRobustList(ref SyscallArguments a)
        {
            if (a.A1 != RobustListHeadSize)
            {
                return -Errno.EINVAL;
            }

            s_robustList = a.A0;
            return 0;
        }

        // rseq(rseq, len, flags, sig). With one CPU and no preemption a restartable sequence can never be interrupted,
        // so registering is honest: the kernel fills cpu_id_start and cpu_id (both 0) and has nothing to restart.
        public static long Rseq(ref SyscallArguments a)
        {
            const ulong RSEQ_FLAG_UNREGISTER = 1;
            if ((a.A2 & RSEQ_FLAG_UNREGISTER) != 0)
            {
                if (a.A0 != s_rseq)
                {
                    return -Errno.EINVAL;
                }

                s_rseq = 0;
                return 0;
            }

            if (a.A1 < RseqMinimumSize || (a.A0 & 31) != 0)
            {
                return -Errno.EINVAL;
            }

            if (s_rseq != 0)
            {
                return s_rseq == a.A0 ? -Errno.EBUSY : -Errno.EINVAL;
            }

            ulong cpu = 0;
            if (!UserMemory.CopyToUser(a.A0, &cpu, 8))
            {
                return -Errno.EFAULT;
            }

            s_rseq = a.A0;
            return 0;
        }

        public static long ArchPrctl(ref SyscallArguments a)
        {
            switch (a.A0)
            {
                case ARCH_SET_FS:
                    if (a.A1 >= Layout.UserEnd)
                    {
                        return -Errno.EPERM;
                    }

                    UserProcess.FsBase = a.A1;
                    Cpu.WriteMsr(Msr.MSR_FS_BASE, a.A1);
                    return 0;
                case ARCH_GET_FS:
                    return UserMemory.Write(a.A1, UserProcess.FsBase) ? 0 : -Errno.EFAULT;
                case ARCH_SET_GS:
                    if (a.A1 >= Layout.UserEnd)
                    {
                        return -Errno.EPERM;
                    }

                    // In the kernel the user's GS base waits in KERNEL_GS_BASE until swapgs on the way out.
                    Cpu.WriteMsr(Msr.MSR_KERNEL_GS_BASE, a.A1);
                    return 0;
                case ARCH_GET_GS:
                    return UserMemory.Write(a.A1, Cpu.ReadMsr(Msr.MSR_KERNEL_GS_BASE)) ? 0 : -Errno.EFAULT;
                default:
                    return -Errno.EINVAL;
            }
        }
    }
}
