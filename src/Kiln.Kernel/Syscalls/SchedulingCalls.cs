// The scheduler as the program sees it: sched_yield, CPU affinity, getcpu and membarrier. Kiln runs the program on
// one CPU today, so every thread's affinity is {0}; a mask without CPU 0 is EINVAL, as Linux answers a mask with no
// online CPU.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SchedulingCalls
    {
        private const ulong OnlineCpus = 1;   // bit N for CPU N

        // membarrier commands (include/uapi/linux/membarrier.h).
        private const ulong MEMBARRIER_CMD_QUERY = 0;
        private const ulong MEMBARRIER_CMD_GLOBAL = 1 << 0;
        private const ulong MEMBARRIER_CMD_GLOBAL_EXPEDITED = 1 << 1;
        private const ulong MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED = 1 << 2;
        private const ulong MEMBARRIER_CMD_PRIVATE_EXPEDITED = 1 << 3;
        private const ulong MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED = 1 << 4;
        private const ulong MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE = 1 << 5;
        private const ulong MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE = 1 << 6;
        private const ulong SupportedBarriers = MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED
            | MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED
            | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE
            | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE;

        private static ulong s_membarrierRegistered;

        public static long SchedYield(ref SyscallArguments a)
        {
            Scheduler.Yield(preempted: false);
            return 0;
        }

        // sched_getaffinity(tid, size, mask): returns the bytes written (one word).
        public static long SchedGetaffinity(ref SyscallArguments a)
        {
            if (!Exists(a.A0))
            {
                return -Errno.ESRCH;
            }

            if (a.A1 < 8 || (a.A1 & 7) != 0)
            {
                return -Errno.EINVAL;
            }

            return UserMemory.Write(a.A2, OnlineCpus) ? 8 : -Errno.EFAULT;
        }

        public static long SchedSetaffinity(ref SyscallArguments a)
        {
            if (!Exists(a.A0))
            {
                return -Errno.ESRCH;
            }

            if (a.A1 == 0)
            {
                return -Errno.EINVAL;
            }

            if (!UserMemory.Read(a.A2, out byte first))
            {
                return -Errno.EFAULT;
            }

            return (first & OnlineCpus) == 0 ? -Errno.EINVAL : 0;
        }

        // getcpu(cpu, node, cache): the vDSO answers this too.
        public static long Getcpu(ref SyscallArguments a)
        {
            if (a.A0 != 0 && !UserMemory.Write(a.A0, 0u))
            {
                return -Errno.EFAULT;
            }

            if (a.A1 != 0 && !UserMemory.Write(a.A1, 0u))
            {
                return -Errno.EFAULT;
            }

            return 0;
        }

        // membarrier(cmd, flags, cpu_id). On one CPU, with a kernel that switches threads only at kernel entry (a
        // serializing point), every thread that runs after this call has passed a full barrier: each command holds
        // trivially. SMP will need an IPI to the CPUs running the program's threads.
        public static long Membarrier(ref SyscallArguments a)
        {
            ulong command = a.A0;
            if (a.A1 != 0)
            {
                return -Errno.EINVAL;
            }

            if (command == MEMBARRIER_CMD_QUERY)
            {
                return (long)SupportedBarriers;
            }

            if ((command & (command - 1)) != 0 || (command & SupportedBarriers) == 0)
            {
                return -Errno.EINVAL;
            }

            if (command == MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED || command == MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED
                || command == MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE)
            {
                s_membarrierRegistered |= command;
                return 0;
            }

            // The expedited private commands need registration first, as on Linux.
            if (command == MEMBARRIER_CMD_PRIVATE_EXPEDITED && (s_membarrierRegistered & MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0)
            {
                return -Errno.EPERM;
            }

            if (command == MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE
                && (s_membarrierRegistered & MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE) == 0)
            {
                return -Errno.EPERM;
            }

            return 0;
        }

        // 0 names the caller; a pid names the process (its main thread); otherwise a thread id.
        private static bool Exists(ulong id) => id == 0 || id == UserProcess.Pid || ThreadRegistry.Find((int)id) != null;
    }
}
