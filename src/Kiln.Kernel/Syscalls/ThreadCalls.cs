// Threads: clone and clone3 (threads only: a new process cannot exist in Kiln), exit of one thread, gettid,
// set_tid_address, set_robust_list, rseq and arch_prctl (each thread's FS and GS bases).
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class ThreadCalls
    {
        private const ulong CLONE_VM = 0x00000100;
        private const ulong CLONE_FS = 0x00000200;
        private const ulong CLONE_FILES = 0x00000400;
        private const ulong CLONE_SIGHAND = 0x00000800;
        private const ulong CLONE_PIDFD = 0x00001000;
        private const ulong CLONE_PTRACE = 0x00002000;
        private const ulong CLONE_VFORK = 0x00004000;
        private const ulong CLONE_PARENT = 0x00008000;
        private const ulong CLONE_THREAD = 0x00010000;
        private const ulong CLONE_NEWNS = 0x00020000;
        private const ulong CLONE_SYSVSEM = 0x00040000;
        private const ulong CLONE_SETTLS = 0x00080000;
        private const ulong CLONE_PARENT_SETTID = 0x00100000;
        private const ulong CLONE_CHILD_CLEARTID = 0x00200000;
        private const ulong CLONE_DETACHED = 0x00400000;
        private const ulong CLONE_UNTRACED = 0x00800000;
        private const ulong CLONE_CHILD_SETTID = 0x01000000;
        private const ulong CLONE_IO = 0x80000000;
        private const ulong CSIGNAL = 0xFF;

        // What a thread needs; anything else beyond the flags Kiln honours or may ignore is refused.
        private const ulong ThreadFlags = CLONE_VM | CLONE_THREAD | CLONE_SIGHAND;
        private const ulong AcceptedFlags = ThreadFlags | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_SETTLS
            | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | CLONE_DETACHED | CLONE_UNTRACED
            | CLONE_IO | CLONE_PTRACE;

        private const ulong ARCH_SET_GS = 0x1001;
        private const ulong ARCH_SET_FS = 0x1002;
        private const ulong ARCH_GET_FS = 0x1003;
        private const ulong ARCH_GET_GS = 0x1004;
        private const ulong RobustListHeadSize = 24;
        private const ulong CloneArgsMinimumSize = 64;   // CLONE_ARGS_SIZE_VER0

        private static bool s_forkReported;

        // clone(flags, stack, parent_tid, child_tid, tls) — the x86-64 argument order.
        public static long Clone(ref SyscallArguments a) => CreateThread(a.Frame, a.A0 & ~CSIGNAL, a.A0 & CSIGNAL, a.A1, a.A2, a.A3, a.A4);

        // clone3(struct clone_args *, size).
        public static long Clone3(ref SyscallArguments a)
        {
            if (a.A1 < CloneArgsMinimumSize || a.A1 > 4096)
            {
                return -Errno.EINVAL;
            }

            // flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls (VER0).
            ulong* args = stackalloc ulong[8];
            if (!UserMemory.CopyFromUser(args, a.A0, CloneArgsMinimumSize))
            {
                return -Errno.EFAULT;
            }

            if ((args[0] & CSIGNAL) != 0 || args[4] > 64 || (args[5] == 0) != (args[6] == 0))
            {
                return -Errno.EINVAL;
            }

            ulong stackTop = args[5] == 0 ? 0 : args[5] + args[6];
            return CreateThread(a.Frame, args[0], args[4], stackTop, args[3], args[2], args[7]);
        }

        private static long CreateThread(TrapFrame* parentFrame, ulong flags, ulong exitSignal, ulong stack, ulong parentTid, ulong childTid, ulong tls)
        {
            // Linux's own consistency rules come first: a thread shares signal handlers, which need a shared VM.
            if (((flags & CLONE_THREAD) != 0 && (flags & CLONE_SIGHAND) == 0)
                || ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0))
            {
                return -Errno.EINVAL;
            }

            if ((flags & ThreadFlags) != ThreadFlags)
            {
                return RefuseProcess(flags);
            }

            if ((flags & ~AcceptedFlags) != 0 || exitSignal != 0)
            {
                return -Errno.EINVAL;
            }

            if ((flags & CLONE_SETTLS) != 0 && tls >= Layout.UserEnd)
            {
                return -Errno.EPERM;
            }

            Thread parent = Scheduler.Current;
            Thread child = ThreadRegistry.CreateUser();
            if (child == null)
            {
                return -Errno.EAGAIN;
            }

            // The child returns from the same call with 0 in rax, on its own stack, with the parent's registers,
            // x87/SSE state, signal mask and TLS bases unless told otherwise.
            TrapFrame* frame = child.UserFrame;
            *frame = *parentFrame;
            frame->Rax = 0;
            if (stack != 0)
            {
                frame->Rsp = stack;
            }

            FpuState.Complete(parent.FpuState);
            Cpu.CopyMemory(child.FpuState, parent.FpuState, Thread.FpuStateSize);
            child.FsBase = (flags & CLONE_SETTLS) != 0 ? tls : parent.FsBase;
            child.GsBase = parent.GsBase;
            child.Signals.Mask = parent.Signals.Mask;
            child.Name0 = parent.Name0;
            child.Name1 = parent.Name1;

            if ((flags & CLONE_PARENT_SETTID) != 0 && !UserMemory.Write(parentTid, child.Id))
            {
                Discard(child);
                return -Errno.EFAULT;
            }

            if ((flags & CLONE_CHILD_SETTID) != 0 && !UserMemory.Write(childTid, child.Id))
            {
                Discard(child);
                return -Errno.EFAULT;
            }

            if ((flags & CLONE_CHILD_CLEARTID) != 0)
            {
                child.ClearChildTid = childTid;
            }

            // Past the last failure: the child shares the descriptor table (CLONE_FILES, what every thread library
            // asks) or gets its own copy.
            child.Files = (flags & CLONE_FILES) != 0 ? parent.Files.Share() : parent.Files.Copy();
            Scheduler.PrepareUserThread(child);
            Scheduler.MakeRunnable(child);
            return child.Id;
        }

        // A fork, vfork or posix_spawn: Kiln runs exactly one program, so there is no second process to make.
        private static long RefuseProcess(ulong flags)
        {
            if (!s_forkReported)
            {
                s_forkReported = true;
                KernelLog.WriteLine((flags & CLONE_VM) == 0
                    ? "kiln: the program tried to fork (clone without CLONE_VM): Kiln runs one process; returning ENOSYS"
                    : "kiln: the program tried to start a process (clone without CLONE_THREAD, as posix_spawn does): Kiln runs one process; returning ENOSYS");
            }

            return -Errno.ENOSYS;
        }

        private static void Discard(Thread child)
        {
            child.State = ThreadState.Dead;
            ThreadRegistry.Retire(child);
            ThreadRegistry.Recycle(child);
        }

        // exit(status): ends the calling thread only; the last thread to go ends the program with its status.
        public static long Exit(ref SyscallArguments a)
        {
            ThreadExit.ExitCurrent((int)a.A0);
            return 0;
        }

        public static long Gettid(ref SyscallArguments a) => Scheduler.Current.Id;

        public static long SetTidAddress(ref SyscallArguments a)
        {
            Scheduler.Current.ClearChildTid = a.A0;
            return Scheduler.Current.Id;
        }

        public static long SetRobustList(ref SyscallArguments a)
        {
            if (a.A1 != RobustListHeadSize)
            {
                return -Errno.EINVAL;
            }

            Scheduler.Current.RobustList = a.A0;
            return 0;
        }

        // get_robust_list(pid, head_ptr, len_ptr)
        public static long GetRobustList(ref SyscallArguments a)
        {
            Thread thread = a.A0 == 0 ? Scheduler.Current : ThreadRegistry.Find((int)a.A0);
            if (thread == null)
            {
                return -Errno.ESRCH;
            }

            if (!UserMemory.Write(a.A1, thread.RobustList) || !UserMemory.Write(a.A2, RobustListHeadSize))
            {
                return -Errno.EFAULT;
            }

            return 0;
        }

        public static long ArchPrctl(ref SyscallArguments a)
        {
            Thread current = Scheduler.Current;
            switch (a.A0)
            {
                case ARCH_SET_FS:
                    if (a.A1 >= Layout.UserEnd)
                    {
                        return -Errno.EPERM;
                    }

                    current.FsBase = a.A1;
                    Cpu.WriteMsr(Msr.MSR_FS_BASE, a.A1);
                    return 0;
                case ARCH_GET_FS:
                    return UserMemory.Write(a.A1, current.FsBase) ? 0 : -Errno.EFAULT;
                case ARCH_SET_GS:
                    if (a.A1 >= Layout.UserEnd)
                    {
                        return -Errno.EPERM;
                    }

                    // In the kernel the user's GS base waits in KERNEL_GS_BASE until swapgs on the way out.
                    current.GsBase = a.A1;
                    Cpu.WriteMsr(Msr.MSR_KERNEL_GS_BASE, a.A1);
                    return 0;
                case ARCH_GET_GS:
                    return UserMemory.Write(a.A1, current.GsBase) ? 0 : -Errno.EFAULT;
                default:
                    return -Errno.EINVAL;
            }
        }
    }
}
