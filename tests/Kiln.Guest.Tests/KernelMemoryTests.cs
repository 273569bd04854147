// Kiln-only behaviour: kernel memory is flat across thread create/exit cycles. Booted with kiln.stats=1 on its
// command line the kernel prints "kiln: kernel heap in use: N bytes" on its stderr when the program exits;
// threadchurn creating and joining 10,000 threads must end with the same figure as with 100, within a small slack.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class KernelMemoryTests
{
    /// <summary>Room for allocations that legitimately depend on history (a grown table, a free-list's bookkeeping).</summary>
    private const long Slack = 64 * 1024;

    /// <summary>10,000 thread cycles under TCG take far longer than one ordinary guest run.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    private static readonly Regex s_heapLine = new Regex(@"^kiln: kernel heap in use: (\d+) bytes\r?$", RegexOptions.Multiline);

    [Fact]
    public async Task Kernel_heap_is_flat_across_10000_thread_create_exit_cycles()
    {
        KilnRunner.AssertPrerequisites();
        if (!KilnRunner.IsKiln)
        {
            // A substitute runner (a Linux guest) has no kiln.stats to report.
            return;
        }

        await GuestBuild.EnsureBuiltAsync();

        long few = await HeapInUseAfterAsync(100);
        long many = await HeapInUseAfterAsync(10000);

        Assert.True(many - few <= Slack,
            $"the kernel heap grew by {many - few} bytes between 100 and 10,000 thread create/exit cycles " +
            $"({few} -> {many} bytes in use at exit; allowed slack {Slack}): thread exit does not free everything " +
            "thread creation allocates");
    }

    [Theory]
    [InlineData("kiln: booted\nkiln: kernel heap in use: 123456 bytes\n", 123456L)]
    [InlineData("kiln: kernel heap in use: 1 bytes\r\nkiln: kernel heap in use: 2048 bytes\r\n", 2048L)]
    [InlineData("kiln: kernel heap in use: 12 KiB\n", null)]
    [InlineData("program: kernel heap in use: 5 bytes\n", null)]
    public void Heap_figure_is_read_from_the_last_stats_line(string stderr, long? expected)
    {
        Assert.Equal(expected, HeapInUse(stderr));
    }

    /// <summary>The figure on the last "kiln: kernel heap in use: N bytes" line, or null when there is none.</summary>
    public static long? HeapInUse(string stderr)
    {
        Match? last = s_heapLine.Matches(stderr).LastOrDefault();
        return last == null ? null : long.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The heap figure kiln.stats=1 prints after <paramref name="program"/> ran with <paramref name="argument"/>.</summary>
    public static async Task<long> HeapInUseAfterRunAsync(string program, string argument, string expectedLine)
    {
        ProcessResult run = await ProcessRunner.RunAsync(
            RepoPaths.KilnLauncher,
            new[] { "run", "--accel", "tcg", RepoPaths.Program(LibcVariant.Glibc, program), argument },
            new Dictionary<string, string> { ["KILN_KERNEL_CMDLINE"] = "kiln.stats=1" },
            replaceEnv: false,
            stdin: "",
            s_timeout,
            RepoPaths.Root);

        Assert.False(run.TimedOut, $"{program} {argument} did not finish within {s_timeout.TotalMinutes} minutes\n{run.Describe()}");
        Assert.True(run.ExitCode == 0, $"{program} {argument} failed under Kiln\n{run.Describe()}");
        Assert.Contains(expectedLine, run.StdoutText);
        long? heap = HeapInUse(run.Stderr);
        Assert.True(heap.HasValue, $"no kernel heap line with kiln.stats=1 ({program} {argument})\n{run.Describe()}");
        return heap.Value;
    }

    private static async Task<long> HeapInUseAfterAsync(int threads)
    {
        string program = RepoPaths.Program(LibcVariant.Glibc, "threadchurn");
        ProcessResult run = await ProcessRunner.RunAsync(
            RepoPaths.KilnLauncher,
            new[] { "run", "--accel", "tcg", program, threads.ToString(CultureInfo.InvariantCulture) },
            new Dictionary<string, string> { ["KILN_KERNEL_CMDLINE"] = "kiln.stats=1" },
            replaceEnv: false,
            stdin: "",
            s_timeout,
            RepoPaths.Root);

        Assert.False(run.TimedOut, $"threadchurn {threads} did not finish within {s_timeout.TotalMinutes} minutes\n{run.Describe()}");
        Assert.True(run.ExitCode == 0, $"threadchurn {threads} failed under Kiln\n{run.Describe()}");
        Assert.Contains($"threads created and joined: {threads}\n", run.StdoutText);
        long? heap = HeapInUse(run.Stderr);
        Assert.True(heap.HasValue,
            $"no \"kiln: kernel heap in use: N bytes\" line on kiln's stderr with kiln.stats=1 (threadchurn {threads})\n{run.Describe()}");
        return heap.Value;
    }
}
