// A program that lives under the host's /tmp, run from there: its file and its working directory are in the image
// under /tmp, so the kernel must not hide them under a fresh tmpfs (it keeps /tmp on the root disk then), and the
// program starts in that directory.
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class HostTmpTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kiln-host-tmp-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AProgramUnderTheHostsTmpRunsInItsDirectory()
    {
        KilnRunner.AssertPrerequisites();
        await GuestBuild.EnsureBuiltAsync();
        Assert.StartsWith("/tmp/", _directory);
        string program = Path.Combine(_directory, "hello");
        File.Copy(RepoPaths.Program(LibcVariant.Glibc, "hello"), program);

        await KilnRunner.s_vmSlots.WaitAsync();
        ProcessResult run;
        try
        {
            run = await ProcessRunner.RunAsync(KilnRunner.Launcher, new[] { "run", "--accel", "tcg", "./hello" },
                new Dictionary<string, string>(), replaceEnv: false, stdin: "", KilnRunner.Timeout, _directory);
        }
        finally
        {
            KilnRunner.s_vmSlots.Release();
        }

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal("hello from kiln guest\n", run.StdoutText);
    }
}
