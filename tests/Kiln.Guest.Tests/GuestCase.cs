// One run of one guest program: its arguments, environment, standard input and how it is expected to end.
using System.Collections.Generic;

namespace Kiln.Guest.Tests;

/// <param name="Id">Unique name shown in test results, e.g. <c>exit/42</c>.</param>
/// <param name="Program">File name of the program in tests/guest/build/&lt;variant&gt;/.</param>
/// <param name="Args">argv[1..].</param>
/// <param name="Env">The whole environment natively; passed to kiln as <c>-e KEY=VALUE</c>.</param>
/// <param name="Stdin">Bytes written to standard input, which is then closed.</param>
/// <param name="ExitCode">Expected exit code natively (and so under Kiln).</param>
/// <param name="Crash">The signal that kills the program, or null when it exits normally.</param>
public sealed record GuestCase(
    string Id,
    string Program,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    string Stdin,
    int ExitCode,
    CrashExpectation? Crash)
{
    public override string ToString() => Id;
}
