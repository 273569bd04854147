// Waiting for signals: rt_sigpending, rt_sigsuspend and pause (until a handler runs), and rt_sigtimedwait (takes a
// signal without running its handler).
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SignalWaitCalls
    {
        private const ulong NsPerSecond = 1_000_000_000;

        // rt_sigpending(set, sigsetsize): the pending signals that are blocked (the others would have been delivered).
        public static long RtSigpending(ref SyscallArguments a)
        {
            if (a.A1 > SignalCalls.SigsetSize)
            {
                return -Errno.EINVAL;
            }

            Thread current = Scheduler.Current;
            ulong pending = (current.Signals.Pending | SignalDelivery.ProcessPending) & current.Signals.Mask;
            return UserMemory.CopyToUser(a.A0, &pending, a.A1) ? 0 : -Errno.EFAULT;
        }

        // rt_sigsuspend(mask, sigsetsize): waits with a temporary mask until a signal is delivered; the handler runs
        // with the old mask saved in its frame, and the call then returns EINTR (-ERESTARTNOHAND: restarted if the
        // signal turns out to be ignored).
        public static long RtSigsuspend(ref SyscallArguments a)
        {
            if (a.A1 != SignalCalls.SigsetSize)
            {
                return -Errno.EINVAL;
            }

            if (!UserMemory.Read(a.A0, out ulong mask))
            {
                return -Errno.EFAULT;
            }

            SignalDelivery.UseTemporaryMask(mask);
            WaitForSignal();
            return -Errno.ERESTARTNOHAND;
        }

        public static long Pause(ref SyscallArguments a)
        {
            WaitForSignal();
            return -Errno.ERESTARTNOHAND;
        }

        // rt_sigtimedwait(set, info, timeout, sigsetsize): takes a pending signal of the set (blocked, normally) with
        // its siginfo; EAGAIN at the timeout; EINTR when another signal's handler must run first.
        public static long RtSigtimedwait(ref SyscallArguments a)
        {
            if (a.A3 != SignalCalls.SigsetSize)
            {
                return -Errno.EINVAL;
            }

            if (!UserMemory.Read(a.A0, out ulong set))
            {
                return -Errno.EFAULT;
            }

            set &= ~SignalNumbers.Unblockable;
            ulong deadline = Scheduler.Forever;
            if (a.A2 != 0)
            {
                long* timespec = stackalloc long[2];
                if (!UserMemory.CopyFromUser(timespec, a.A2, 16))
                {
                    return -Errno.EFAULT;
                }

                if (timespec[0] < 0 || timespec[1] < 0 || timespec[1] >= (long)NsPerSecond)
                {
                    return -Errno.EINVAL;
                }

                deadline = TimeCalls.AddSaturating(Clock.MonotonicNs(), TimeCalls.Saturate((ulong)timespec[0], (ulong)timespec[1]));
            }

            Thread current = Scheduler.Current;
            for (;;)
            {
                if (SignalDelivery.Dequeue(current, set, out SigInfo info))
                {
                    return Report(a.A1, info);
                }

                if (SignalDelivery.HasDeliverable(current))
                {
                    return -Errno.EINTR;
                }

                current.Signals.WaitingFor = set;
                WakeReason reason = Scheduler.BlockCurrent(deadline, interruptible: true);
                current.Signals.WaitingFor = 0;
                if (reason == WakeReason.TimedOut && !SignalDelivery.Dequeue(current, set, out info))
                {
                    return -Errno.EAGAIN;
                }

                if (reason == WakeReason.TimedOut)
                {
                    return Report(a.A1, info);
                }
            }
        }

        private static long Report(ulong address, in SigInfo info)
        {
            if (address != 0)
            {
                byte* bytes = stackalloc byte[SigInfo.Size];
                info.Encode(new System.Span<byte>(bytes, SigInfo.Size));
                if (!UserMemory.CopyToUser(address, bytes, SigInfo.Size))
                {
                    return -Errno.EFAULT;
                }
            }

            return info.Signo;
        }

        // Blocks until a signal the thread does not block is pending; only a signal ends the wait.
        private static void WaitForSignal()
        {
            Thread current = Scheduler.Current;
            while (!current.HasPendingSignal)
            {
                Scheduler.BlockCurrent(Scheduler.Forever, interruptible: true);
            }
        }
    }
}
