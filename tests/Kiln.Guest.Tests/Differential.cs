// The differential check shared by every libc variant: run natively, run under Kiln, compare.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Kiln.Guest.Tests;

public static class Differential
{
    public static async Task RunAndCompareAsync(LibcVariant variant, string caseId)
    {
        GuestCase guest = GuestCases.Get(caseId);
        await GuestBuild.EnsureBuiltAsync();
        KilnRunner.AssertPrerequisites();
        string program = RepoPaths.Program(variant, guest.Program);
        Assert.True(File.Exists(program), $"{program} was not built" +
            (variant.ToolchainHint() is string hint ? ": " + hint : ""));

        ProcessResult native = await NativeRunner.RunAsync(program, guest);
        Assert.True(native.ExitCode == guest.ExitCode,
            $"the program itself misbehaves on Linux: expected exit code {guest.ExitCode}\n{native.Describe()}");
        ProcessResult kiln = await KilnRunner.RunAsync(program, guest);

        string context = $"native:\n{native.Describe()}kiln:\n{kiln.Describe()}";
        Assert.False(kiln.TimedOut, $"kiln run did not finish within {KilnRunner.Timeout.TotalSeconds} s\n{context}");
        Assert.True(native.Stdout.AsSpan().SequenceEqual(kiln.Stdout),
            "stdout differs between Linux and Kiln: " + FirstDifference(native.Stdout, kiln.Stdout) + "\n" + context);
        Assert.True(native.ExitCode == kiln.ExitCode,
            $"exit code differs: Linux {native.ExitCode}, Kiln {kiln.ExitCode}\n{context}");

        if (guest.Crash is CrashExpectation crash)
        {
            if (!KilnRunner.IsKiln)
            {
                // A stand-in such as a Linux guest prints no crash report of Kiln's kind.
                return;
            }

            IReadOnlyList<string> problems = CrashReport.Problems(kiln.Stderr, crash);
            Assert.True(problems.Count == 0,
                "Kiln's crash report on stderr is incomplete: " + string.Join("; ", problems) + "\n" + context);
        }
        else
        {
            string? missing = MissingStderrLine(native.Stderr, kiln.Stderr);
            Assert.True(missing == null, $"the program's stderr line [{missing}] is not on kiln's stderr\n{context}");
        }
    }

    /// <summary>The first non-empty line of the program's own stderr that kiln's stderr lacks (in order), or null.</summary>
    public static string? MissingStderrLine(string programStderr, string kilnStderr)
    {
        int from = 0;
        foreach (string line in programStderr.Split('\n').Where(l => l.Length > 0))
        {
            int at = kilnStderr.IndexOf(line, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return line;
            }

            from = at + line.Length;
        }

        return null;
    }

    /// <summary>Describes where two outputs first differ: byte offset, line number and both lines.</summary>
    public static string FirstDifference(byte[] expected, byte[] actual)
    {
        int common = Math.Min(expected.Length, actual.Length);
        int at = 0;
        while (at < common && expected[at] == actual[at])
        {
            at++;
        }

        if (at == common && expected.Length == actual.Length)
        {
            return "they are equal";
        }

        int line = 1 + expected.Take(at).Count(b => b == (byte)'\n');
        return $"first difference at byte {at} (line {line}; Linux wrote {expected.Length} bytes, Kiln {actual.Length})\n" +
            $"  Linux: {LineAround(expected, at)}\n  Kiln:  {LineAround(actual, at)}";
    }

    private static string LineAround(byte[] data, int at)
    {
        if (at >= data.Length)
        {
            return "(end of output)";
        }

        int start = at;
        while (start > 0 && data[start - 1] != (byte)'\n')
        {
            start--;
        }

        int end = at;
        while (end < data.Length && data[end] != (byte)'\n' && end - start < 200)
        {
            end++;
        }

        return "[" + Encoding.UTF8.GetString(data, start, end - start) + "]";
    }
}
