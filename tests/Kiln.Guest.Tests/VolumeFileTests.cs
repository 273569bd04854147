// The file-family guest programs run with a KilnFS volume mounted on /tmp (where they make their scratch
// directories), so every file, directory and link operation they check against Linux runs on KilnFS instead of
// tmpfs. Outputs must match the native run's, as in the ordinary differential tests.
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class VolumeFileTests : IDisposable
{
    // One volume directory per test case (xunit makes an instance per case), so cases run side by side.
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"kiln-volume-files-{Environment.ProcessId}-{Guid.NewGuid():N}");

    // The volume goes on /tmp, so it would hide a program that lives there (a checkout under /tmp): such a program
    // is copied here, outside /tmp, and both runs use the copy.
    private readonly string _programs = Path.Combine("/var/tmp", $"kiln-volume-programs-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        foreach (string directory in new[] { _home, _programs })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("files")]
    [InlineData("dirs")]
    [InlineData("paths")]
    [InlineData("links")]
    [InlineData("files-size")]
    [InlineData("locks")]
    [InlineData("files-copy")]
    [InlineData("fileschurn/100")]
    public async Task FileProgramsBehaveAsOnLinuxOnAVolume(string caseId)
    {
        GuestCase guest = GuestCases.Get(caseId);
        await GuestBuild.EnsureBuiltAsync();
        KilnRunner.AssertPrerequisites();
        string program = RepoPaths.Program(LibcVariant.Glibc, guest.Program);
        if (program.StartsWith("/tmp/", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(_programs);
            string copy = Path.Combine(_programs, Path.GetFileName(program));
            File.Copy(program, copy);
            program = copy;
        }

        ProcessResult native = await NativeRunner.RunAsync(program, guest);
        ProcessResult kiln = await KilnRunner.RunAsync(
            program,
            guest,
            new[] { "--verbose", "--volume", "scratch:/tmp:32M" },
            new Dictionary<string, string> { ["KILN_HOME"] = _home });

        string context = $"native:\n{native.Describe()}kiln:\n{kiln.Describe()}";
        Assert.Contains("kilnfs: mounted \"scratch\"", kiln.Stderr);
        Assert.True(native.Stdout.AsSpan().SequenceEqual(kiln.Stdout),
            "stdout differs between Linux and Kiln on a volume: " + Differential.FirstDifference(native.Stdout, kiln.Stdout) + "\n" + context);
        Assert.Equal(native.ExitCode, kiln.ExitCode);
    }
}
