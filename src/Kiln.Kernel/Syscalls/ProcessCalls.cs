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

        private static int s_parentDeathSignal;
        private static int s_dumpable = 1;
        private static bool s_noNewPrivileges;

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

        // prctl(option, arg2...): thread names, the dumpable and no-new-privileges flags, the parent-death signal
        // (there is no parent; recorded and reported back). Options Linux does not know are EINVAL, as there.
        public static long Prctl(ref SyscallArguments a)
        {
            const ulong PR_SET_PDEATHSIG = 1;
            const ulong PR_GET_PDEATHSIG = 2;
            const ulong PR_GET_DUMPABLE = 3;
            const ulong PR_SET_DUMPABLE = 4;
            const ulong PR_SET_NAME = 15;
            const ulong PR_GET_NAME = 16;
            const ulong PR_SET_NO_NEW_PRIVS = 38;
            const ulong PR_GET_NO_NEW_PRIVS = 39;
            Kiln.Kernel.Scheduling.Thread current = Kiln.Kernel.Scheduling.Scheduler.Current;
            switch (a.A0)
            {
                case PR_SET_NAME:
                {
                    byte* name = stackalloc byte[16];
                    for (int i = 0; i < 16; i++)
                    {
                        name[i] = 0;
                    }

                    // Linux copies up to 15 bytes and always terminates; a longer name is cut, not refused.
                    int length = UserMemory.CopyStringFromUser(name, a.A1, 16);
                    if (length == -1)
                    {
                        return -Errno.EFAULT;
                    }

                    name[15] = 0;
                    current.Name0 = *(ulong*)name;
                    current.Name1 = *(ulong*)(name + 8);
                    return 0;
                }

                case PR_GET_NAME:
                {
                    ulong* name = stackalloc ulong[2];
                    name[0] = current.Name0;
                    name[1] = current.Name1;
                    return UserMemory.CopyToUser(a.A1, name, 16) ? 0 : -Errno.EFAULT;
                }

                case PR_SET_PDEATHSIG:
                    if (a.A1 > 64)
                    {
                        return -Errno.EINVAL;
                    }

                    s_parentDeathSignal = (int)a.A1;
                    return 0;
                case PR_GET_PDEATHSIG:
                    return UserMemory.Write(a.A1, s_parentDeathSignal) ? 0 : -Errno.EFAULT;
                case PR_GET_DUMPABLE:
                    return s_dumpable;
                case PR_SET_DUMPABLE:
                    if (a.A1 > 1)
                    {
                        return -Errno.EINVAL;
                    }

                    s_dumpable = (int)a.A1;
                    return 0;
                case PR_SET_NO_NEW_PRIVS:
                    if (a.A1 != 1 || a.A2 != 0 || a.A3 != 0 || a.A4 != 0)
                    {
                        return -Errno.EINVAL;
                    }

                    s_noNewPrivileges = true;
                    return 0;
                case PR_GET_NO_NEW_PRIVS:
                    return s_noNewPrivileges ? 1 : 0;
                default:
                    return -Errno.EINVAL;
            }
        }

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
