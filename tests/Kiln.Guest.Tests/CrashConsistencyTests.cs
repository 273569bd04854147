// Kiln-only behaviour: what a program fsync'ed survives QEMU being killed at any moment, and the volume mounts
// cleanly afterwards. The guest program (tests/guest/journal.c) appends numbered, checksummed records of varying sizes
// to three files on a volume, renames, creates and unlinks side files every fifth record, and prints "synced N" only
// after fsync returned. The host kills QEMU with SIGKILL at a random moment (a seeded number of synced records plus a
// seeded delay), then boots again: the program checks that every record up to the last "synced N" the host saw is
// intact and nothing follows a missing one, and goes on appending. Each boot's mount report must show no
// inconsistent records. Enough records are written for the log areas to fill, so checkpoints are killed too.
// KILN_CRASH_CYCLES and KILN_CRASH_SEED (tests/crash-soak.sh) run longer or other sequences.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Kiln.Guest.Tests;

public sealed class CrashConsistencyTests : IDisposable
{
    private const int DefaultCycles = 11;

    private readonly string _home = Path.Combine(Path.GetTempPath(), $"kiln-crash-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly ITestOutputHelper _output;

    public CrashConsistencyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    // Two sequences of kills, run side by side (one VM each): 22 cycles in the suite.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task FsyncedRecordsSurviveQemuBeingKilled(int sequence)
    {
        KilnRunner.AssertPrerequisites();
        await GuestBuild.EnsureBuiltAsync();
        int cycles = int.TryParse(Environment.GetEnvironmentVariable("KILN_CRASH_CYCLES"), out int asked) && asked > 0 ? asked : DefaultCycles;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("KILN_CRASH_SEED"), out int chosen) ? chosen * 100 + sequence : sequence;
        _output.WriteLine($"seed {seed}, {cycles} cycles");
        Random random = new Random(seed);
        string volume = $"crash{sequence}";
        long synced = 0;
        for (int cycle = 0; cycle < cycles; cycle++)
        {
            int killAfter = random.Next(1, 40);
            int delayMs = random.Next(0, 60);
            string context = $"seed {seed}, cycle {cycle}: kill after {killAfter} synced records + {delayMs} ms, {synced} synced before";
            Run run = await RunJournalAsync(volume, synced, max: 1_000_000, killAfter, delayMs);
            AssertCleanStart(run, volume, synced, context);
            Assert.True(run.Killed, $"{context}: the program ended by itself\n{run.Describe()}");
            if (run.LastSynced > 0)
            {
                synced = run.LastSynced;
            }

            _output.WriteLine($"{context}: checked {run.Checked}, synced up to {run.LastSynced}");
        }

        Run final = await RunJournalAsync(volume, synced, max: 0, killAfter: int.MaxValue, delayMs: 0);
        AssertCleanStart(final, volume, synced, $"seed {seed}, final check");
        Assert.False(final.Killed);
        Assert.True(final.ExitCode == 0, $"seed {seed}, final check: exit {final.ExitCode}\n{final.Describe()}");
    }

    // The mount report and the program's check of what the volume holds, on every boot.
    private static void AssertCleanStart(Run run, string volume, long synced, string context)
    {
        Match mount = Regex.Match(run.Stderr, $"kilnfs: mounted \"{volume}\" from disk \\d+: (\\d+) blocks, (\\d+) free, (\\d+) inodes, (\\d+) transactions replayed, generation (\\d+), (\\d+) orphans freed, (\\d+) inconsistent records");
        Assert.True(mount.Success, $"{context}: no mount report\n{run.Describe()}");
        Assert.True(mount.Groups[7].Value == "0", $"{context}: the log held inconsistent records\n{run.Describe()}");
        Assert.True(run.Checked >= 0, $"{context}: the program did not report its check\n{run.Describe()}");
        Assert.True(run.Checked >= synced, $"{context}: records lost\n{run.Describe()}");
        Assert.DoesNotContain("FAIL", run.Stdout);
    }

    private async Task<Run> RunJournalAsync(string volume, long synced, long max, int killAfter, int delayMs)
    {
        string program = RepoPaths.Program(LibcVariant.Glibc, "journal");
        ProcessStartInfo psi = new ProcessStartInfo(KilnRunner.Launcher)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (string argument in new[] { "run", "--accel", "tcg", "--verbose", "--volume", $"{volume}:/data:64M", program, "/data", synced.ToString(), max.ToString() })
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
            Run run = new Run();
            StringBuilder stdout = new StringBuilder();
            int seen = 0;
            Task timeout = Task.Delay(KilnRunner.Timeout);
            while (true)
            {
                Task<string?> line = process.StandardOutput.ReadLineAsync();
                if (await Task.WhenAny(line, timeout) == timeout)
                {
                    process.Kill(entireProcessTree: true);
                    stdout.AppendLine("(timed out)");
                    run.Killed = true;
                    break;
                }

                string? text = await line;
                if (text == null)
                {
                    break;
                }

                stdout.AppendLine(text);
                if (text.StartsWith("checked ", StringComparison.Ordinal))
                {
                    run.Checked = long.Parse(text.AsSpan(8));
                }
                else if (text.StartsWith("synced ", StringComparison.Ordinal))
                {
                    run.LastSynced = long.Parse(text.AsSpan(7));
                    if (++seen == killAfter)
                    {
                        await Task.Delay(delayMs);
                        process.Kill(entireProcessTree: true);
                        run.Killed = true;
                        break;
                    }
                }
            }

            await process.WaitForExitAsync();
            run.ExitCode = process.ExitCode;
            run.Stdout = stdout.ToString();
            run.Stderr = await stderr.WaitAsync(TimeSpan.FromSeconds(10));
            return run;
        }
        finally
        {
            KilnRunner.s_vmSlots.Release();
        }
    }

    private sealed class Run
    {
        public long Checked = -1;
        public long LastSynced;
        public bool Killed;
        public int ExitCode;
        public string Stdout = "";
        public string Stderr = "";

        public string Describe() => $"--- stdout (tail)\n{Tail(Stdout)}\n--- stderr\n{Stderr}";

        private static string Tail(string text)
        {
            string[] lines = text.Split('\n');
            return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 20)));
        }
    }
}
