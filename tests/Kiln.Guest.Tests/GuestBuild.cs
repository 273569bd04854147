// Builds tests/guest once per test run (`make -C tests/guest`), however many tests ask for it and from which threads.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

internal static class GuestBuild
{
    private static readonly Lazy<Task<ProcessResult>> s_make = new Lazy<Task<ProcessResult>>(() =>
        ProcessRunner.RunAsync(
            "make",
            new[] { "-C", RepoPaths.GuestSources, "-j2" },
            new Dictionary<string, string>(),
            replaceEnv: false,
            stdin: "",
            timeout: TimeSpan.FromMinutes(5),
            workingDirectory: RepoPaths.Root));

    /// <summary>Fails the calling test with make's output when the guest programs do not build.</summary>
    public static async Task EnsureBuiltAsync()
    {
        ProcessResult make = await s_make.Value;
        Assert.True(make.ExitCode == 0, "building the guest programs failed:\n" + make.StdoutText + make.Describe());
    }
}
