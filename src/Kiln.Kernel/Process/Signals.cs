// Signal names, and which signal each CPU exception raises (the numbers are Kiln.Linux.SignalNumbers).
using static Kiln.Linux.SignalNumbers;

namespace Kiln.Kernel.Process
{
    internal static class Signals
    {
        public static int ForException(ulong vector) => vector switch
        {
            0 or 16 or 19 => SIGFPE,
            1 or 3 => SIGTRAP,
            6 => SIGILL,
            12 or 17 => SIGBUS,
            _ => SIGSEGV,
        };

        /// <summary>The signal for a fault at <paramref name="address"/>: a page fault past the end of a mapped file is SIGBUS.</summary>
        public static int ForFault(ulong vector, ulong address) =>
            vector == 14 && Kiln.Kernel.Memory.UserAddressSpace.IsPastEndOfFile(address) ? SIGBUS : ForException(vector);

        public static string NameOf(int signal) => signal switch
        {
            1 => "SIGHUP",
            2 => "SIGINT",
            3 => "SIGQUIT",
            4 => "SIGILL",
            5 => "SIGTRAP",
            6 => "SIGABRT",
            7 => "SIGBUS",
            8 => "SIGFPE",
            9 => "SIGKILL",
            10 => "SIGUSR1",
            11 => "SIGSEGV",
            12 => "SIGUSR2",
            13 => "SIGPIPE",
            14 => "SIGALRM",
            15 => "SIGTERM",
            16 => "SIGSTKFLT",
            17 => "SIGCHLD",
            18 => "SIGCONT",
            19 => "SIGSTOP",
            20 => "SIGTSTP",
            21 => "SIGTTIN",
            22 => "SIGTTOU",
            23 => "SIGURG",
            24 => "SIGXCPU",
            25 => "SIGXFSZ",
            26 => "SIGVTALRM",
            27 => "SIGPROF",
            28 => "SIGWINCH",
            29 => "SIGIO",
            30 => "SIGPWR",
            31 => "SIGSYS",
            >= 32 and <= 64 => "real-time signal",
            _ => "signal",
        };
    }
}
