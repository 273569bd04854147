// Everything the kernel is told about the program to run; ManifestBuilder turns it into /kiln/manifest.

using System.Collections.Generic;

namespace Kiln.Host
{
    /// <summary>A program and how to start it.</summary>
    /// <param name="GuestProgram">The absolute guest path of the program to execute.</param>
    /// <param name="Arguments">argv, argv[0] first (the program path exactly as the user typed it).</param>
    /// <param name="Environment">Environment entries, each NAME=VALUE.</param>
    /// <param name="Trace">Print each system call.</param>
    /// <param name="SyscallSummary">Print a count of each system call at exit.</param>
    /// <param name="WorkingDirectory">The initial working directory in the guest, or null for "/".</param>
    /// <param name="Mounts">Volumes to mount, each LABEL:/guest/path (null: none).</param>
    /// <param name="Network">The guest's network configuration (null: no network records).</param>
    public sealed record ProgramLaunch(
        string GuestProgram,
        IReadOnlyList<string> Arguments,
        IReadOnlyList<string> Environment,
        bool Trace,
        bool SyscallSummary,
        string? WorkingDirectory = null,
        IReadOnlyList<string>? Mounts = null,
        GuestNetwork? Network = null);
}
