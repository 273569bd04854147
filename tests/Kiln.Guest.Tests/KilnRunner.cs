// Runs a guest program under Kiln through the `kiln run` launcher, after checking that everything it needs exists.
// KILN_GUEST_RUNNER may name another launcher with the same contract (tests/guest/linux-guest-run boots a Linux
// guest), to check the harness and the programs against a real VM; the crash-report checks are then skipped.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

internal static class KilnRunner
{
    /// <summary>Guests run under TCG, roughly fifty times slower than native: a minute per run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>At most two VMs at once, whatever the test runner's parallelism: each QEMU takes a core.</summary>
    internal static readonly SemaphoreSlim s_vmSlots = new SemaphoreSlim(2);

    private static readonly string? s_substitute = Environment.GetEnvironmentVariable("KILN_GUEST_RUNNER") is { Length: > 0 } runner
        ? Path.GetFullPath(runner, RepoPaths.Root)
        : null;

    /// <summary>The launcher: ./kiln, or the KILN_GUEST_RUNNER stand-in.</summary>
    public static string Launcher => s_substitute ?? RepoPaths.KilnLauncher;

    /// <summary>False when a KILN_GUEST_RUNNER stand-in runs the guests instead of Kiln.</summary>
    public static bool IsKiln => s_substitute == null;

    /// <summary>Fails the calling test, saying what to build or install, when kiln cannot run yet.</summary>
    public static void AssertPrerequisites()
    {
        var missing = new List<string>();
        if (!IsKiln)
        {
            Assert.True(File.Exists(Launcher), $"KILN_GUEST_RUNNER names {Launcher}, which does not exist");
            return;
        }

        if (!File.Exists(RepoPaths.KilnLauncher))
        {
            missing.Add($"the launcher {RepoPaths.KilnLauncher} does not exist");
        }

        // kiln itself takes the kernel from KILN_KERNEL when set, else from out/kiln-kernel.elf.
        string kernel = Environment.GetEnvironmentVariable("KILN_KERNEL") is { Length: > 0 } chosen ? chosen : RepoPaths.KernelElf;
        if (!File.Exists(kernel))
        {
            missing.Add($"the kernel {kernel} does not exist: build it (./setup.sh) before running guest tests");
        }

        if (FindOnPath("qemu-system-x86_64") == null)
        {
            missing.Add("qemu-system-x86_64 is not on PATH: apt-get install qemu-system-x86");
        }

        Assert.True(missing.Count == 0, "Kiln cannot run guests:\n  " + string.Join("\n  ", missing));
    }

    /// <summary>Runs <c>kiln run --accel tcg [-e KEY=VALUE]... PROGRAM ARGS...</c> from the repository root.</summary>
    public static async Task<ProcessResult> RunAsync(string program, GuestCase guest)
    {
        var args = new List<string> { "run", "--accel", "tcg" };
        foreach (KeyValuePair<string, string> pair in guest.Env.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            args.Add("-e");
            args.Add($"{pair.Key}={pair.Value}");
        }

        args.Add(program);
        args.AddRange(guest.Args);
        await s_vmSlots.WaitAsync();
        try
        {
            return await ProcessRunner.RunAsync(
                Launcher,
                args,
                new Dictionary<string, string>(),
                replaceEnv: false,
                guest.Stdin,
                Timeout,
                RepoPaths.Root);
        }
        finally
        {
            s_vmSlots.Release();
        }
    }

    private static string? FindOnPath(string name)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}
