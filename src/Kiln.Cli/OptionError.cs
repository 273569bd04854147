// A complaint about an option or config value, and how kiln reports it: with the usage hint when the command line is
// wrong, without it when the config file is (the message names the file); both exit with the usage code.

using System.IO;
using Kiln.Host;

namespace Kiln.Cli
{
    /// <summary>An error in the user's options.</summary>
    /// <param name="Message">The complete message.</param>
    /// <param name="FromConfig">True when the config file holds the bad value.</param>
    internal sealed record OptionError(string Message, bool FromConfig)
    {
        /// <summary>The error about <paramref name="value"/>, with <paramref name="reason"/>.</summary>
        public static OptionError About(OptionValue value, string reason) => new OptionError(value.Invalid(reason), value.ConfigPath != null);

        /// <summary>Writes the error and returns the usage exit code.</summary>
        public int Report(TextWriter stderr) =>
            FromConfig ? CliErrors.Report(stderr, new HostError(Message), CliErrors.Usage) : CliErrors.ReportUsage(stderr, Message);
    }
}
