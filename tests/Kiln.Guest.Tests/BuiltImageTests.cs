// `kiln build` then `kiln run IMAGE`: the image boots as it was built, and it is the instance's disk, so what the
// program writes to its root file system (fsync'ed journal records on "/") is there at the next run.
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class BuiltImageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kiln-built-image-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ABuiltImageRunsAndKeepsWhatTheProgramWrote()
    {
        KilnRunner.AssertPrerequisites();
        await GuestBuild.EnsureBuiltAsync();
        string image = Path.Combine(_directory, "journal.img");
        string program = RepoPaths.Program(LibcVariant.Glibc, "journal");
        ProcessResult build = await Kiln("build", "-o", image, program, "/", "0", "10");
        Assert.True(build.ExitCode == 0, build.Describe());

        ProcessResult first = await Kiln("run", "--accel", "tcg", image);
        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Contains("checked 0\n", first.StdoutText);
        Assert.Contains("synced 10\n", first.StdoutText);

        ProcessResult second = await Kiln("run", "--accel", "tcg", image);
        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.Contains("checked 10\n", second.StdoutText);
    }

    private static async Task<ProcessResult> Kiln(params string[] arguments)
    {
        await KilnRunner.s_vmSlots.WaitAsync();
        try
        {
            return await ProcessRunner.RunAsync(KilnRunner.Launcher, arguments, new Dictionary<string, string>(), replaceEnv: false, stdin: "", KilnRunner.Timeout, RepoPaths.Root);
        }
        finally
        {
            KilnRunner.s_vmSlots.Release();
        }
    }
}
