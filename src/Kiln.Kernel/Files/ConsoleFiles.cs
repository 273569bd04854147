// The three console files, made once at boot: fds 0, 1 and 2 of the program's first file table point at them, and
// the input poller notifies them when the UART has input. The input side, COM1's receiver, is shared.
using Kiln.Kernel.Devices;

namespace Kiln.Kernel.Files
{
    internal static class ConsoleFiles
    {
        private static readonly Serial16550 s_input = new Serial16550(Serial16550.Com1);

        // A byte of input that arrived before the UART was set up (-1 when none): read before anything else.
        private static int s_earlyInput = -1;

        private static ConsoleFile s_stdin;
        private static ConsoleFile s_stdout;
        private static ConsoleFile s_stderr;

        public static ConsoleFile Get(int index) => index == 0 ? s_stdin : (index == 1 ? s_stdout : s_stderr);

        public static void Initialize(int earlyInput)
        {
            s_earlyInput = earlyInput;
            s_stdin = new ConsoleFile(0);
            s_stdout = new ConsoleFile(1);
            s_stderr = new ConsoleFile(2);
            ConsoleInputPoller.Initialize();
        }

        /// <summary>True when a byte of input waits.</summary>
        public static bool HasInput => s_earlyInput >= 0 || s_input.HasInput;

        /// <summary>Takes the next byte of input, if one waits.</summary>
        public static bool TryReadInput(out byte value)
        {
            if (s_earlyInput >= 0)
            {
                value = (byte)s_earlyInput;
                s_earlyInput = -1;
                return true;
            }

            return s_input.TryRead(out value);
        }

        /// <summary>True while an epoll set or a poll call watches any of the console files.</summary>
        public static bool AreWatched =>
            s_stdin.Readiness.HasObservers || s_stdout.Readiness.HasObservers || s_stderr.Readiness.HasObservers;

        /// <summary>Input arrived: every console file became readable.</summary>
        public static void NotifyInput()
        {
            s_stdin.Readiness.Notify(Kiln.Linux.PollEvents.Readable);
            s_stdout.Readiness.Notify(Kiln.Linux.PollEvents.Readable);
            s_stderr.Readiness.Notify(Kiln.Linux.PollEvents.Readable);
        }
    }
}
