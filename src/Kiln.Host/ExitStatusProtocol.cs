// The kernel-to-kiln exit protocol. The kernel's last line on COM2 is either "kiln: exit <N>" (N = 0..255) or
// "kiln: killed by signal <N> (<NAME>)"; it then writes a byte v to isa-debug-exit (port 0xf4), which makes QEMU
// exit with status (v << 1) | 1, so a QEMU status of 1 or more that is odd came from the kernel. kiln trusts the line
// (it carries the full status and the signal name); when it is missing the VM died another way and kiln exits 125.

using System.Text.RegularExpressions;

namespace Kiln.Host
{
    /// <summary>Parses the kernel's exit status line and maps the VM's end to kiln's exit code.</summary>
    public static partial class ExitStatusProtocol
    {
        /// <summary>kiln's exit code when the VM stopped without a status line.</summary>
        public const int LostStatusExitCode = 125;

        /// <summary>Parses a COM2 line (without its newline) as a status line.</summary>
        public static bool TryParse(string line, out ProgramExit? exit)
        {
            exit = null;
            Match match = ExitLine().Match(line);
            if (match.Success && int.TryParse(match.Groups[1].Value, out int status) && status <= 255)
            {
                exit = new ProgramExit(false, status, "");
                return true;
            }

            match = SignalLine().Match(line);
            if (match.Success && int.TryParse(match.Groups[1].Value, out int signal) && signal >= 1 && signal <= 64)
            {
                exit = new ProgramExit(true, signal, match.Groups[2].Value);
                return true;
            }

            return false;
        }

        /// <summary>The message kiln prints when the VM ended without a status line.</summary>
        public static string LostStatusMessage(int qemuExitStatus)
        {
            return $"kiln: the VM stopped without reporting the program's exit status (QEMU exit status {qemuExitStatus})";
        }

        [GeneratedRegex(@"^kiln: exit ([0-9]{1,3})$")]
        private static partial Regex ExitLine();

        [GeneratedRegex(@"^kiln: killed by signal ([0-9]{1,2}) \(([A-Z0-9+]+)\)$")]
        private static partial Regex SignalLine();
    }
}
