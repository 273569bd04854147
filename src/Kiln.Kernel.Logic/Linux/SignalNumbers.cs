// Signal numbers (arch/x86/include/uapi/asm/signal.h), sets of them as 64-bit masks (bit N-1 for signal N, the
// layout of the kernel's sigset_t on x86-64), and what each signal does by default (signal(7)).
namespace Kiln.Linux
{
    public static class SignalNumbers
    {
        public const int Count = 64;
        public const int SIGHUP = 1;
        public const int SIGINT = 2;
        public const int SIGQUIT = 3;
        public const int SIGILL = 4;
        public const int SIGTRAP = 5;
        public const int SIGABRT = 6;
        public const int SIGBUS = 7;
        public const int SIGFPE = 8;
        public const int SIGKILL = 9;
        public const int SIGUSR1 = 10;
        public const int SIGSEGV = 11;
        public const int SIGUSR2 = 12;
        public const int SIGPIPE = 13;
        public const int SIGALRM = 14;
        public const int SIGTERM = 15;
        public const int SIGCHLD = 17;
        public const int SIGCONT = 18;
        public const int SIGSTOP = 19;
        public const int SIGTSTP = 20;
        public const int SIGTTIN = 21;
        public const int SIGTTOU = 22;
        public const int SIGURG = 23;
        public const int SIGVTALRM = 26;
        public const int SIGPROF = 27;
        public const int SIGWINCH = 28;
        public const int SIGSYS = 31;
        public const int SIGRTMIN = 32;

        /// <summary>Signals that cannot be caught, blocked or ignored.</summary>
        public const ulong Unblockable = (1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1));

        /// <summary>Signals a fault raises: Linux dequeues these before any other (SYNCHRONOUS_MASK).</summary>
        public const ulong Synchronous = (1UL << (SIGSEGV - 1)) | (1UL << (SIGBUS - 1)) | (1UL << (SIGILL - 1))
            | (1UL << (SIGTRAP - 1)) | (1UL << (SIGFPE - 1)) | (1UL << (SIGSYS - 1));

        public static bool IsValid(int signal) => signal >= 1 && signal <= Count;

        public static bool IsRealTime(int signal) => signal >= SIGRTMIN && signal <= Count;

        public static ulong Bit(int signal) => 1UL << (signal - 1);

        /// <summary>
        /// The lowest signal in <paramref name="set"/>, synchronous ones first as Linux's next_signal picks them;
        /// 0 for an empty set.
        /// </summary>
        public static int Next(ulong set)
        {
            if (set == 0)
            {
                return 0;
            }

            ulong synchronous = set & Synchronous;
            ulong from = synchronous != 0 ? synchronous : set;
            int signal = 1;
            while ((from & 1) == 0)
            {
                from >>= 1;
                signal++;
            }

            return signal;
        }

        /// <summary>
        /// Whether the default action is to do nothing: SIGCHLD, SIGURG, SIGWINCH and SIGCONT by definition, and
        /// the stop signals too, because Kiln has no job control to stop the program for (documented in
        /// docs/architecture.md, Signals). Every other signal's default ends the program.
        /// </summary>
        public static bool IsIgnoredByDefault(int signal) => signal switch
        {
            SIGCHLD or SIGURG or SIGWINCH or SIGCONT => true,
            SIGSTOP or SIGTSTP or SIGTTIN or SIGTTOU => true,
            _ => false,
        };
    }
}
