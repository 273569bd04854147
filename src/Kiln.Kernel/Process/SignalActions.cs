// The process's signal dispositions (shared by all its threads, as CLONE_SIGHAND makes them): for each signal the
// handler, its SA_ flags, the restorer it returns through and the signals it blocks while it runs. Allocated once.
using Kiln.Linux;

namespace Kiln.Kernel.Process
{
    internal static class SignalActions
    {
        private static ulong[] s_handler;
        private static ulong[] s_flags;
        private static ulong[] s_restorer;
        private static ulong[] s_mask;

        /// <summary>Every signal at SIG_DFL, as a new program starts.</summary>
        public static void Initialize()
        {
            s_handler = new ulong[SignalNumbers.Count + 1];
            s_flags = new ulong[SignalNumbers.Count + 1];
            s_restorer = new ulong[SignalNumbers.Count + 1];
            s_mask = new ulong[SignalNumbers.Count + 1];
        }

        public static ulong Handler(int signal) => s_handler[signal];

        public static ulong Flags(int signal) => s_flags[signal];

        public static ulong Restorer(int signal) => s_restorer[signal];

        public static ulong Mask(int signal) => s_mask[signal];

        /// <summary>Whether the program installed a function for <paramref name="signal"/>.</summary>
        public static bool HasHandler(int signal) =>
            s_handler[signal] != SignalAction.SIG_DFL && s_handler[signal] != SignalAction.SIG_IGN;

        /// <summary>Whether sending <paramref name="signal"/> does nothing: SIG_IGN, or SIG_DFL whose default is to ignore.</summary>
        public static bool IsIgnored(int signal) =>
            s_handler[signal] == SignalAction.SIG_IGN
            || (s_handler[signal] == SignalAction.SIG_DFL && SignalNumbers.IsIgnoredByDefault(signal));

        public static void Set(int signal, ulong handler, ulong flags, ulong restorer, ulong mask)
        {
            s_handler[signal] = handler;
            s_flags[signal] = flags & SignalAction.KnownFlags;
            s_restorer[signal] = restorer;
            s_mask[signal] = mask & ~SignalNumbers.Unblockable;
        }

        /// <summary>SA_RESETHAND: the handler runs once, then the signal is back to SIG_DFL (the flags stay, as on Linux).</summary>
        public static void ResetToDefault(int signal) => s_handler[signal] = SignalAction.SIG_DFL;
    }
}
