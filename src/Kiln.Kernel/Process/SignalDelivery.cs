// Sending signals and choosing who takes them. A signal sent to a thread waits in that thread's queue; one sent to
// the process waits in the process queue, where the main thread takes it unless it blocks it, and then any thread
// that does not (Linux's complete_signal prefers the thread-group leader the same way). A thread blocked
// interruptibly is woken so that it can return to user mode, where SignalDelivery.Handlers.cs runs the handler.
using Kiln.Kernel.Files;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Process
{
    internal static partial class SignalDelivery
    {
        public const int SS_ONSTACK = SignalStack.SS_ONSTACK;
        public const int SS_DISABLE = SignalStack.SS_DISABLE;

        // si_code values (include/uapi/asm-generic/siginfo.h).
        public const int SI_USER = SigInfo.SI_USER;
        public const int SI_KERNEL = SigInfo.SI_KERNEL;
        public const int SI_TKILL = SigInfo.SI_TKILL;

        private static SignalQueue s_processQueue;

        /// <summary>Allocates the process's dispositions and queue, once, at boot.</summary>
        public static void Initialize()
        {
            SignalActions.Initialize();
            s_processQueue = new SignalQueue();
        }

        /// <summary>Signals sent to the whole process (kill, timers) and not yet taken by a thread.</summary>
        public static ulong ProcessPending => s_processQueue.Pending;

        public static ulong Bit(int signal) => SignalNumbers.Bit(signal);

        public static bool HasDeliverable(Thread thread) =>
            ((thread.Signals.Pending | ProcessPendingFor(thread)) & ~thread.Signals.Mask) != 0;

        /// <summary>The process-directed pending signals <paramref name="thread"/> may take: all for the main thread, only those it blocks for others.</summary>
        public static ulong ProcessPendingFor(Thread thread)
        {
            ulong pending = s_processQueue.Pending;
            if (pending == 0)
            {
                return 0;
            }

            Thread leader = ThreadRegistry.Find(UserProcess.Pid);
            return leader == null || leader == thread ? pending : pending & leader.Signals.Mask;
        }

        /// <summary>Sends <paramref name="signal"/> to one thread (tgkill, a fault, SIGPIPE from a write).</summary>
        public static void SendToThread(Thread target, int signal, int code, int senderPid) =>
            SendToThread(target, SigInfo.FromSender(signal, code, senderPid, 0));

        /// <summary>Sends <paramref name="signal"/> to the process (kill, timers): any thread not blocking it takes it.</summary>
        public static void SendToProcess(int signal, int code, int senderPid) =>
            SendToProcess(SigInfo.FromSender(signal, code, senderPid, 0));

        /// <summary>Queues <paramref name="info"/> for <paramref name="target"/>; false when it was discarded or merged.</summary>
        public static bool SendToThread(Thread target, in SigInfo info)
        {
            int signal = info.Signo;
            ulong bit = Bit(signal);
            SignalState state = target.Signals;

            // An ignored signal is dropped at once, unless blocked: then it stays pending, for sigwait to take.
            if (SignalActions.IsIgnored(signal) && ((state.Mask | state.WaitingFor) & bit) == 0)
            {
                return false;
            }

            bool queued = state.Queue.Enqueue(info);
            NotifySignalFds(queued, signal);
            if (((~state.Mask | state.WaitingFor) & bit) != 0)
            {
                Scheduler.Interrupt(target);
            }

            return queued;
        }

        /// <summary>Queues <paramref name="info"/> for the process; false when it was discarded or merged.</summary>
        public static bool SendToProcess(in SigInfo info)
        {
            int signal = info.Signo;
            ulong bit = Bit(signal);
            if (SignalActions.IsIgnored(signal) && !AnyThreadHolds(bit))
            {
                return false;
            }

            bool queued = s_processQueue.Enqueue(info);
            NotifySignalFds(queued, signal);

            // Wake the thread that will take it: the main thread if it does not block it, otherwise the first that
            // does not. A thread waiting for it in sigtimedwait is as good as one that does not block it.
            Thread leader = ThreadRegistry.Find(UserProcess.Pid);
            if (leader != null && (leader.Signals.Mask & bit) == 0)
            {
                Scheduler.Interrupt(leader);
                return queued;
            }

            Thread waiter = null;
            for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
            {
                if ((thread.Signals.Mask & bit) == 0)
                {
                    Scheduler.Interrupt(thread);
                    return queued;
                }

                if (waiter == null && (thread.Signals.WaitingFor & bit) != 0)
                {
                    waiter = thread;
                }
            }

            if (waiter != null)
            {
                Scheduler.Interrupt(waiter);
            }

            return queued;
        }

        /// <summary>
        /// Takes the next pending signal in <paramref name="allowed"/> for <paramref name="thread"/>, its own queue
        /// first, then the process's; synchronous signals (faults) before others, then the lowest number.
        /// </summary>
        public static bool Dequeue(Thread thread, ulong allowed, out SigInfo info)
        {
            int signal = SignalNumbers.Next(thread.Signals.Pending & allowed);
            if (signal != 0)
            {
                thread.Signals.Queue.Dequeue(signal, out info);
            }
            else
            {
                signal = SignalNumbers.Next(ProcessPendingFor(thread) & allowed);
                if (signal == 0)
                {
                    info = default;
                    return false;
                }

                s_processQueue.Dequeue(signal, out info);
            }

            if (info.Kind == SigInfoKind.Timer)
            {
                PosixTimers.Delivered(ref info);
            }

            return true;
        }

        /// <summary>Drops every pending instance of <paramref name="signal"/>, everywhere (its action became "ignore").</summary>
        public static void DiscardEverywhere(int signal)
        {
            s_processQueue.Discard(signal);
            for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
            {
                thread.Signals.Queue.Discard(signal);
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

            state.Mask = mask & ~SignalNumbers.Unblockable;
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

        // A signalfd reader waits with the signal blocked, so no interrupt reaches it: wake the signalfds watching
        // the signal (signalfd_notify), and before any interrupt, so that a reader takes even a signal it does not
        // block instead of being interrupted by it, as on Linux. A signal merged into a pending one changes nothing.
        private static void NotifySignalFds(bool queued, int signal)
        {
            if (queued)
            {
                SignalFd.SignalQueued(signal);
            }
        }

        private static bool AnyThreadHolds(ulong bit)
        {
            for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
            {
                if (((thread.Signals.Mask | thread.Signals.WaitingFor) & bit) != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
