// Delivering signals to the program on its way back to user mode. (First slice: sending marks the signal pending
// and interrupts a blocked target; handler frames arrive with the signal work.)
using Kiln.Kernel.Scheduling;

namespace Kiln.Kernel.Process
{
    internal static class SignalDelivery
    {
        public const int SS_ONSTACK = 1;
        public const int SS_DISABLE = 2;

        // si_code values (include/uapi/asm-generic/siginfo.h).
        public const int SI_USER = 0;
        public const int SI_KERNEL = 0x80;
        public const int SI_TKILL = -6;

        /// <summary>Signals sent to the whole process (kill) and not yet taken by a thread.</summary>
        public static ulong ProcessPending;

        public static ulong Bit(int signal) => 1UL << (signal - 1);

        public static bool HasDeliverable(Thread thread) =>
            ((thread.Signals.Pending | ProcessPending) & ~thread.Signals.Mask) != 0;

        /// <summary>Sends <paramref name="signal"/> to one thread (tgkill, a fault, SIGPIPE from a write).</summary>
        public static void SendToThread(Thread target, int signal, int code, int senderPid)
        {
            target.Signals.Pending |= Bit(signal);
            if ((target.Signals.Mask & Bit(signal)) == 0)
            {
                Scheduler.Interrupt(target);
            }
        }

        /// <summary>Sends <paramref name="signal"/> to the process (kill, timers): any thread not blocking it takes it.</summary>
        public static void SendToProcess(int signal, int code, int senderPid)
        {
            ProcessPending |= Bit(signal);
            for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
            {
                if ((thread.Signals.Mask & Bit(signal)) == 0)
                {
                    Scheduler.Interrupt(thread);
                    return;
                }
            }
        }

        /// <summary>
        /// Replaces the current thread's mask for the length of a wait (ppoll, epoll_pwait, pselect6, rt_sigsuspend);
        /// the old mask comes back when a handler runs and returns, or at RestoreTemporaryMask.
        /// </summary>
        public static void UseTemporaryMask(ulong mask)
        {
            SignalState state = Scheduler.Current.Signals;
            if (!state.HasSavedMask)
            {
                state.SavedMask = state.Mask;
                state.HasSavedMask = true;
            }

            state.Mask = mask & ~(Bit(9) | Bit(19));
        }

        /// <summary>Ends a temporary mask when the wait returns without a signal to deliver.</summary>
        public static void RestoreTemporaryMask()
        {
            SignalState state = Scheduler.Current.Signals;
            if (state.HasSavedMask)
            {
                state.Mask = state.SavedMask;
                state.HasSavedMask = false;
            }
        }
    }
}
