// One thread's signal state: its blocked mask, the signals sent to it alone, the set it waits for in sigtimedwait,
// the details of its last fault (for the sigcontext) and its alternate signal stack.
using Kiln.Linux;

namespace Kiln.Kernel.Process
{
    internal sealed class SignalState
    {
        /// <summary>Blocked signals: bit N-1 for signal N.</summary>
        public ulong Mask;

        /// <summary>Signals sent to this thread (tgkill, faults) and not yet delivered, with their siginfo.</summary>
        public readonly SignalQueue Queue = new SignalQueue();

        // A mask replaced for the length of a wait (rt_sigsuspend, ppoll...), restored after delivery.
        public ulong SavedMask;
        public bool HasSavedMask;

        /// <summary>The signals rt_sigtimedwait is waiting for: sending one of them wakes the thread even though it is blocked.</summary>
        public ulong WaitingFor;

        // The last fault's vector, error code and address, which the signal frame's sigcontext reports (trapno, err, cr2).
        public ulong FaultTrapNo;
        public ulong FaultError;
        public ulong FaultAddress;

        // sigaltstack: base, size and flags (SS_DISABLE when none).
        public ulong AltStackBase;
        public ulong AltStackSize;
        public int AltStackFlags;

        public ulong Pending => Queue.Pending;

        public void Reset()
        {
            Mask = 0;
            Queue.Clear();
            SavedMask = 0;
            HasSavedMask = false;
            WaitingFor = 0;
            FaultTrapNo = 0;
            FaultError = 0;
            FaultAddress = 0;
            DisableAltStack();
        }

        /// <summary>
        /// sigaltstack's change of the alternate stack (do_sigaltstack), <paramref name="sp"/> being the user stack
        /// pointer: 0, -EPERM while running on the current one, -EINVAL or -ENOMEM for a bad setting.
        /// </summary>
        public long SetAltStack(ulong stackBase, int flags, ulong size, ulong sp)
        {
            if (SignalStack.IsOn(sp, AltStackBase, AltStackSize, AltStackFlags))
            {
                return -Errno.EPERM;
            }

            int mode = flags & ~SignalStack.SS_AUTODISARM;
            if (mode != 0 && mode != SignalStack.SS_ONSTACK && mode != SignalStack.SS_DISABLE)
            {
                return -Errno.EINVAL;
            }

            if (AltStackBase == stackBase && AltStackSize == size && AltStackFlags == flags)
            {
                return 0;
            }

            long error = SignalStack.Validate(flags, size);
            if (error != 0)
            {
                return error;
            }

            if (mode == SignalStack.SS_DISABLE)
            {
                stackBase = 0;
                size = 0;
            }

            AltStackBase = stackBase;
            AltStackSize = size;
            AltStackFlags = flags;
            return 0;
        }

        public void DisableAltStack()
        {
            AltStackBase = 0;
            AltStackSize = 0;
            AltStackFlags = SignalStack.SS_DISABLE;
        }
    }
}
