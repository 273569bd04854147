// One thread's signal state: its blocked mask, the signals sent to it alone, and its alternate signal stack.
namespace Kiln.Kernel.Process
{
    internal sealed class SignalState
    {
        /// <summary>Blocked signals: bit N-1 for signal N.</summary>
        public ulong Mask;

        /// <summary>Signals sent to this thread (tgkill, faults) and not yet delivered.</summary>
        public ulong Pending;

        // A mask replaced for the length of a wait (rt_sigsuspend, ppoll...), restored after delivery.
        public ulong SavedMask;
        public bool HasSavedMask;

        // sigaltstack: base, size and flags (SS_DISABLE when none).
        public ulong AltStackBase;
        public ulong AltStackSize;
        public int AltStackFlags;

        public void Reset()
        {
            Mask = 0;
            Pending = 0;
            SavedMask = 0;
            HasSavedMask = false;
            AltStackBase = 0;
            AltStackSize = 0;
            AltStackFlags = SignalDelivery.SS_DISABLE;
        }
    }
}
