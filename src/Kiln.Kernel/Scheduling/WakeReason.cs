// Why a blocked thread runs again: what a wait returns to the system call that waited.
namespace Kiln.Kernel.Scheduling
{
    internal enum WakeReason
    {
        None,

        /// <summary>Another thread (or an interrupt) woke it: the condition it waited for may hold.</summary>
        Woken,

        /// <summary>Its deadline passed first.</summary>
        TimedOut,

        /// <summary>A signal arrived for it during an interruptible wait: the call returns EINTR or restarts.</summary>
        Interrupted,
    }
}
