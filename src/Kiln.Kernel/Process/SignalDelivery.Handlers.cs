// What happens to pending signals on every return to user mode (arch/x86/kernel/signal.c, arch_do_signal_or_restart):
// each deliverable signal in turn is ignored, ends the program (its default action), or gets a frame on the user
// stack that runs its handler; a system call the signal interrupted returns EINTR or is restarted, as its result
// and the handler's SA_RESTART say.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Process
{
    internal static unsafe partial class SignalDelivery
    {
        /// <summary>The frame's syscall number once nothing may restart it (Linux's orig_ax = -1).</summary>
        public const ulong NoSyscall = ulong.MaxValue;

        private const int SyscallInstructionLength = 2;   // 0f 05

        /// <summary>Delivers the current thread's pending signals into <paramref name="frame"/>, which returns to user mode.</summary>
        public static void OnReturnToUser(TrapFrame* frame)
        {
            Thread thread = Scheduler.Current;
            bool handled = false;
            while (Dequeue(thread, ~thread.Signals.Mask, out SigInfo info))
            {
                int signal = info.Signo;
                ulong handler = SignalActions.Handler(signal);
                if (handler == SignalAction.SIG_IGN)
                {
                    continue;
                }

                if (handler == SignalAction.SIG_DFL)
                {
                    if (SignalNumbers.IsIgnoredByDefault(signal))
                    {
                        continue;
                    }

                    Terminate(frame, info);
                }

                RunHandler(thread, frame, info);
                handled = true;
            }

            if (!handled)
            {
                // Nothing ran (the signal was ignored, or taken by another thread): the call starts over, whatever
                // it returned, and a temporary mask ends.
                RestartIfInterrupted(frame, handlerRuns: false, saRestart: false);
                RestoreTemporaryMask();
            }
        }

        private static void RunHandler(Thread thread, TrapFrame* frame, in SigInfo info)
        {
            int signal = info.Signo;
            ulong flags = SignalActions.Flags(signal);
            RestartIfInterrupted(frame, handlerRuns: true, (flags & SignalAction.SA_RESTART) != 0);
            RestartableSequences.AbortIfInside(thread, frame);

            SignalState state = thread.Signals;
            ulong restoreMask = state.HasSavedMask ? state.SavedMask : state.Mask;
            if (!SignalFrame.Push(thread, frame, info, restoreMask))
            {
                CannotDeliver(frame, info);
            }

            state.HasSavedMask = false;
            ulong blocked = state.Mask | SignalActions.Mask(signal);
            if ((flags & SignalAction.SA_NODEFER) == 0)
            {
                blocked |= Bit(signal);
            }

            state.Mask = blocked & ~SignalNumbers.Unblockable;
            if ((flags & SignalAction.SA_RESETHAND) != 0)
            {
                SignalActions.ResetToDefault(signal);
            }
        }

        // A system call that a signal interrupted. With no handler to run, every kernel-internal restart code starts
        // the call over. With a handler: -ERESTARTNOINTR restarts, -ERESTARTSYS restarts only under SA_RESTART, and
        // -ERESTARTNOHAND becomes EINTR. Either way the call's number is then forgotten, so that a second signal in
        // the same return does not decide again.
        private static void RestartIfInterrupted(TrapFrame* frame, bool handlerRuns, bool saRestart)
        {
            if (!frame->IsSyscall || frame->SyscallNumber == NoSyscall)
            {
                return;
            }

            long result = (long)frame->Rax;
            if (result == -Errno.ERESTARTSYS || result == -Errno.ERESTARTNOHAND || result == -Errno.ERESTARTNOINTR)
            {
                bool restart = !handlerRuns
                    || result == -Errno.ERESTARTNOINTR
                    || (result == -Errno.ERESTARTSYS && saRestart);
                if (restart)
                {
                    frame->Rax = frame->SyscallNumber;
                    frame->Rip -= SyscallInstructionLength;
                }
                else
                {
                    frame->Rax = unchecked((ulong)-Errno.EINTR);
                }
            }

            if (handlerRuns)
            {
                frame->ErrorCode = NoSyscall;
            }
        }

        // The default action of every signal not ignored by default: the program ends. A fault with no handler
        // gets the crash report; anything else the status line.
        private static void Terminate(TrapFrame* frame, in SigInfo info)
        {
            if (info.Kind == SigInfoKind.Fault)
            {
                CrashReport.KillForFault(frame, Scheduler.Current.Signals.FaultAddress);
            }

            ProcessExit.KilledBySignal(info.Signo);
        }

        // The handler's frame could not be written (no SA_RESTORER, a bad or overflowing stack): Linux forces SIGSEGV,
        // which ends the program. A fault whose handler cannot run ends with the fault's own crash report.
        private static void CannotDeliver(TrapFrame* frame, in SigInfo info)
        {
            if (info.Kind == SigInfoKind.Fault)
            {
                CrashReport.KillForFault(frame, Scheduler.Current.Signals.FaultAddress);
            }

            KernelLog.Write("kiln: could not push the frame for signal ");
            KernelLog.WriteDecimal((long)info.Signo);
            KernelLog.Write(" (");
            KernelLog.Write(Signals.NameOf(info.Signo));
            KernelLog.Write(") on the stack at ");
            KernelLog.WriteHex(frame->Rsp);
            KernelLog.WriteLine();
            ProcessExit.KilledBySignal(SignalNumbers.SIGSEGV);
        }
    }
}
