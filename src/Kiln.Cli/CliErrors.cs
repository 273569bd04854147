// kiln's exit codes and the one way it reports an error: "kiln: error: ..." on stderr, then a hint line if useful.

using System.IO;
using Kiln.Host;

namespace Kiln.Cli
{
    /// <summary>Error output and exit codes of the CLI.</summary>
    internal static class CliErrors
    {
        /// <summary>The program was checked and found unrunnable, or the host lacks something.</summary>
        public const int Failure = 1;

        /// <summary>The command line is wrong.</summary>
        public const int Usage = 2;

        /// <summary>The hint after usage errors.</summary>
        public const string UsageHint = "run 'kiln --help' for usage";

        /// <summary>Writes an error and returns <paramref name="exitCode"/>.</summary>
        public static int Report(TextWriter stderr, HostError error, int exitCode)
        {
            stderr.WriteLine($"kiln: error: {error.Message}");
            if (error.Hint != null)
            {
                stderr.WriteLine($"hint: {error.Hint}");
            }

            return exitCode;
        }

        /// <summary>Writes a usage error and returns <see cref="Usage"/>.</summary>
        public static int ReportUsage(TextWriter stderr, string message)
        {
            return Report(stderr, new HostError(message, UsageHint), Usage);
        }
    }
}
