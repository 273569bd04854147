// A value the user gave, with where it came from (a command-line option or a config key), so a complaint about it
// reads the way kiln's other messages do: "invalid --ip value 'x': ..." or "invalid RunConfig.IPAddress value 'x' in
// config.json: ...". Errors from the command line exit with the usage hint; errors from the config file name it.

using Kiln.Host;

namespace Kiln.Cli
{
    /// <summary>A typed value and its origin.</summary>
    /// <param name="Name">The option ("--ip") or config key ("RunConfig.IPAddress").</param>
    /// <param name="Value">The value as typed.</param>
    /// <param name="ConfigPath">The config file it came from, or null for the command line.</param>
    internal sealed record OptionValue(string Name, string Value, string? ConfigPath = null)
    {
        /// <summary>The option or key with the value, for messages about two values: "--ip '10.0.2.15/24'".</summary>
        public string Quoted => ConfigPath == null ? $"{Name} '{Value}'" : $"{Name} '{Value}' in {ConfigPath}";

        /// <summary>"invalid NAME value 'VALUE'[ in FILE]: REASON".</summary>
        public string Invalid(string reason) =>
            ConfigPath == null ? $"invalid {Name} value '{Value}': {reason}" : $"invalid {Name} value '{Value}' in {ConfigPath}: {reason}";
    }
}
