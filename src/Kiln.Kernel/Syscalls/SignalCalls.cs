// Signal dispositions and masks: rt_sigaction (process-wide, struct kernel_sigaction), rt_sigprocmask (per thread),
// rt_sigreturn (back from a handler through its frame) and sigaltstack (per thread).
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SignalCalls
    {
        public const ulong SigsetSize = 8;
        private const ulong SIG_BLOCK = 0;
        private const ulong SIG_UNBLOCK = 1;
        private const ulong SIG_SETMASK = 2;

        // rt_sigaction(signal, act, oldact, sigsetsize)
        public static long RtSigaction(ref SyscallArguments a)
        {
            int signal = (int)a.A0;
            if (!SignalNumbers.IsValid(signal) || a.A3 != SigsetSize)
            {
                return -Errno.EINVAL;
            }

            ulong* incoming = stackalloc ulong[4];
            if (a.A1 != 0)
            {
                if (signal == SignalNumbers.SIGKILL || signal == SignalNumbers.SIGSTOP)
                {
                    return -Errno.EINVAL;
                }

                if (!UserMemory.CopyFromUser(incoming, a.A1, SignalAction.Size))
                {
                    return -Errno.EFAULT;
                }
            }

            if (a.A2 != 0)
            {
                ulong* old = stackalloc ulong[4];
                old[SignalAction.HandlerOffset / 8] = SignalActions.Handler(signal);
                old[SignalAction.FlagsOffset / 8] = SignalActions.Flags(signal);
                old[SignalAction.RestorerOffset / 8] = SignalActions.Restorer(signal);
                old[SignalAction.MaskOffset / 8] = SignalActions.Mask(signal);
                if (!UserMemory.CopyToUser(a.A2, old, SignalAction.Size))
                {
                    return -Errno.EFAULT;
                }
            }

            if (a.A1 != 0)
            {
                SignalActions.Set(
                    signal,
                    incoming[SignalAction.HandlerOffset / 8],
                    incoming[SignalAction.FlagsOffset / 8],
                    incoming[SignalAction.RestorerOffset / 8],
                    incoming[SignalAction.MaskOffset / 8]);

                // POSIX: setting a pending signal's action to "ignore" discards it, blocked or not.
                if (SignalActions.IsIgnored(signal))
                {
                    SignalDelivery.DiscardEverywhere(signal);
                }
            }

            return 0;
        }

        // rt_sigprocmask(how, set, oldset, sigsetsize): the calling thread's mask.
        public static long RtSigprocmask(ref SyscallArguments a)
        {
            if (a.A3 != SigsetSize)
            {
                return -Errno.EINVAL;
            }

            SignalState state = Scheduler.Current.Signals;
            ulong old = state.Mask;
            if (a.A1 != 0)
            {
                if (!UserMemory.Read(a.A1, out ulong set))
                {
                    return -Errno.EFAULT;
                }

                // SIGKILL and SIGSTOP cannot be blocked.
                set &= ~SignalNumbers.Unblockable;
                switch (a.A0)
                {
                    case SIG_BLOCK:
                        state.Mask |= set;
                        break;
                    case SIG_UNBLOCK:
                        state.Mask &= ~set;
                        break;
                    case SIG_SETMASK:
                        state.Mask = set;
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

        // rt_sigreturn(): the handler returned into sa_restorer, which made this call with the frame just above the
        // stack pointer. The result is the restored rax, so the dispatcher's store of it changes nothing.
        public static long RtSigreturn(ref SyscallArguments a)
        {
            TrapFrame* frame = a.Frame;
            if (!SignalFrame.Pop(Scheduler.Current, frame))
            {
                // Linux forces SIGSEGV for a frame it cannot read; with the registers lost there is nothing to resume.
                KernelLog.Write("kiln: rt_sigreturn found no readable signal frame at ");
                KernelLog.WriteHex(frame->Rsp - 8);
                KernelLog.WriteLine();
                ProcessExit.KilledBySignal(SignalNumbers.SIGSEGV);
            }

            return (long)frame->Rax;
        }

        // sigaltstack(ss, old_ss): stack_t { ss_sp, ss_flags, ss_size }.
        public static long Sigaltstack(ref SyscallArguments a)
        {
            SignalState state = Scheduler.Current.Signals;
            ulong sp = a.Frame->Rsp;
            ulong* old = stackalloc ulong[3];
            old[SignalFrameLayout.StackSp / 8] = state.AltStackBase;
            old[SignalFrameLayout.StackFlags / 8] =
                (uint)(SignalStack.FlagsAt(sp, state.AltStackBase, state.AltStackSize, state.AltStackFlags) | state.AltStackFlags);
            old[SignalFrameLayout.StackSize / 8] = state.AltStackSize;

            if (a.A0 != 0)
            {
                ulong* incoming = stackalloc ulong[3];
                if (!UserMemory.CopyFromUser(incoming, a.A0, SignalFrameLayout.StackTSize))
                {
                    return -Errno.EFAULT;
                }

                long error = state.SetAltStack(
                    incoming[SignalFrameLayout.StackSp / 8],
                    (int)incoming[SignalFrameLayout.StackFlags / 8],
                    incoming[SignalFrameLayout.StackSize / 8],
                    sp);
                if (error != 0)
                {
                    return error;
                }
            }

            if (a.A1 != 0 && !UserMemory.CopyToUser(a.A1, old, SignalFrameLayout.StackTSize))
            {
                return -Errno.EFAULT;
            }

            return 0;
        }
    }
}
