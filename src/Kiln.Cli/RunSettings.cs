// The options of `kiln run` after parsing, before they are checked.

using System.Collections.Generic;

namespace Kiln.Cli
{
    /// <summary>What the user asked `kiln run` to do.</summary>
    internal sealed record RunSettings(
        string Program,
        IReadOnlyList<string> ProgramArguments,
        IReadOnlyList<string> Environment,
        string Memory,
        string Accelerator,
        bool Trace,
        bool SyscallSummary,
        IReadOnlyList<string>? Volumes = null);
}
