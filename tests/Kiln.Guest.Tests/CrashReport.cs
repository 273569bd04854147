// Checks Kiln's crash report on stderr: the signal's name, the faulting address and a backtrace. The report's exact
// layout is the kernel's to choose, so this accepts any reasonable spelling and says what it looked for.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiln.Guest.Tests;

public static class CrashReport
{
    private static readonly Regex s_hex = new Regex(@"\b0x([0-9a-fA-F]{1,16})\b|\b([0-9a-fA-F]{16})\b", RegexOptions.Compiled);
    private static readonly Regex s_backtraceHeader = new Regex(@"backtrace|call trace|stack trace", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    /// <summary>A numbered frame such as Kiln.Host's "kiln:   #0 pc 0x401745", with or without a header before it.</summary>
    private static readonly Regex s_frame = new Regex(@"#[0-9]+\s+(?:pc\s+)?0x[0-9a-fA-F]+", RegexOptions.Compiled);

    /// <summary>Returns what the report lacks; an empty list when it names everything expected.</summary>
    public static IReadOnlyList<string> Problems(string stderr, CrashExpectation crash)
    {
        var problems = new List<string>();
        if (!Regex.IsMatch(stderr, $@"\b{crash.SignalName}\b"))
        {
            problems.Add($"it does not name the signal {crash.SignalName}");
        }

        if (crash.FaultAddress is ulong address && !HexNumbers(stderr).Contains(address))
        {
            problems.Add($"it does not name the faulting address 0x{address:x} (as 0x{address:x} or 16 hex digits)");
        }

        if (!HasBacktrace(stderr))
        {
            problems.Add("it has no backtrace: a frame line like \"#0 pc 0x401745\", or a line saying backtrace/call trace/" +
                "stack trace followed by a line with a 0x address");
        }

        return problems;
    }

    /// <summary>Every hexadecimal number written as 0x... or as exactly 16 digits.</summary>
    public static HashSet<ulong> HexNumbers(string text)
    {
        var numbers = new HashSet<ulong>();
        foreach (Match m in s_hex.Matches(text))
        {
            string digits = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            numbers.Add(ulong.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }

        return numbers;
    }

    private static bool HasBacktrace(string stderr)
    {
        if (s_frame.IsMatch(stderr))
        {
            return true;
        }

        string[] lines = stderr.Split('\n');
        int header = Array.FindIndex(lines, line => s_backtraceHeader.IsMatch(line));
        if (header < 0)
        {
            return false;
        }

        // The header line itself may carry the first frame ("backtrace: 0x401234 main").
        for (int i = header; i < lines.Length; i++)
        {
            if (lines[i].Contains("0x", StringComparison.Ordinal) && s_hex.IsMatch(lines[i]))
            {
                return true;
            }
        }

        return false;
    }
}
