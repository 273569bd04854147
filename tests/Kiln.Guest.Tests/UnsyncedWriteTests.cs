// Kiln-only behaviour: what a program writes to a volume without ever calling fsync reaches the disk all the same,
// as after a clean shutdown of Linux: when it returns from main, when it calls exit() while other threads keep
// writing, and when a signal kills it (the kernel commits every KilnFS volume on the way out); and while it keeps
// running, within the 5 s commit interval (the host kills QEMU after the program slept 6 s, so only the timed commit
// can have saved the file). Each case boots twice on one volume: tests/guest/unsynced.c writes, then checks every
// byte on the second boot.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class UnsyncedWriteTests : IDisposable
{
    private const string Volume = "unsynced";

    private readonly string _home = Path.Combine(Path.GetTempPath(), $"kiln-unsynced-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    [Fact]
    public async Task WritesSurviveReturningFromMain()
    {
        ProcessResult written = await RunAsync("exit");
        Assert.True(written.ExitCode == 0, written.Describe());
        await AssertFoundAsync("exit");
    }

    [Fact]
    public async Task WritesSurviveExitWhileOtherThreadsKeepWriting()
    {
        ProcessResult written = await RunAsync("threads");
        Assert.True(written.ExitCode == 0, written.Describe());
        await AssertFoundAsync("threads");
    }

    [Fact]
    public async Task WritesSurviveAFatalSignal()
    {
        ProcessResult written = await RunAsync("crash");
        Assert.Contains("written\n", written.StdoutText);
        Assert.True(written.ExitCode == 128 + 11, written.Describe());
        Assert.Contains("killed by signal 11", written.Stderr);
        await AssertFoundAsync("crash");
    }

    [Fact]
    public async Task WritesAreCommittedWithinTheIntervalWithoutSync()
    {
        (string stdout, string stderr) = await RunUntilKilledAsync("sleep", "slept");
        Assert.True(stdout.Contains("written\n", StringComparison.Ordinal), $"stdout:\n{stdout}\nstderr:\n{stderr}");
        await AssertFoundAsync("sleep");
    }

    private async Task AssertFoundAsync(string name)
    {
        ProcessResult check = await RunAsync("check", name);
        Assert.True(check.ExitCode == 0 && check.StdoutText == $"{name} ok\n", check.Describe() + "\nstdout:\n" + check.StdoutText);
        Assert.Contains($"kilnfs: mounted \"{Volume}\"", check.Stderr);
        Assert.Contains(" 0 inconsistent records", check.Stderr);
    }

    private async Task<ProcessResult> RunAsync(params string[] args)
    {
        KilnRunner.AssertPrerequisites();
        await GuestBuild.EnsureBuiltAsync();
        var arguments = new List<string> { "/data" };
        arguments.AddRange(args);
        GuestCase guest = new GuestCase($"unsynced/{args[0]}", "unsynced", arguments, new Dictionary<string, string>(), "", 0, null);
        return await KilnRunner.RunAsync(
            RepoPaths.Program(LibcVariant.Glibc, "unsynced"),
            guest,
            new[] { "--verbose", "--volume", $"{Volume}:/data:64M" },
            new Dictionary<string, string> { ["KILN_HOME"] = _home });
    }

    // Runs `unsynced /data MODE` and kills the whole kiln process tree (QEMU with it) once stdout shows `marker`.
    private async Task<(string Stdout, string Stderr)> RunUntilKilledAsync(string mode, string marker)
    {
        KilnRunner.AssertPrerequisites();
        await GuestBuild.EnsureBuiltAsync();
        ProcessStartInfo psi = new ProcessStartInfo(KilnRunner.Launcher)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (string argument in new[] { "run", "--accel", "tcg", "--verbose", "--volume", $"{Volume}:/data:64M", RepoPaths.Program(LibcVariant.Glibc, "unsynced"), "/data", mode })
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment["KILN_HOME"] = _home;
        await KilnRunner.s_vmSlots.WaitAsync();
        try
        {
            using Process process = new Process { StartInfo = psi };
            process.Start();
            process.StandardInput.Close();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            StringBuilder stdout = new StringBuilder();
            Task timeout = Task.Delay(KilnRunner.Timeout);
            bool seen = false;
            while (!seen)
            {
                Task<string?> line = process.StandardOutput.ReadLineAsync();
                if (await Task.WhenAny(line, timeout) == timeout)
                {
                    stdout.AppendLine("(timed out)");
                    break;
                }

                string? text = await line;
                if (text == null)
                {
                    break;
                }

                stdout.AppendLine(text);
                seen = text == marker;
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            string errors = await stderr.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(seen, $"no \"{marker}\" line before the program ended\nstdout:\n{stdout}\nstderr:\n{errors}");
            return (stdout.ToString().Replace("\r", ""), errors);
        }
        finally
        {
            KilnRunner.s_vmSlots.Release();
        }
    }
}
