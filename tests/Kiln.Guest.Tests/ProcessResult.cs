// What one finished (or abandoned) process run produced.
using System.Collections.Generic;
using System.Text;

namespace Kiln.Guest.Tests;

/// <param name="CommandLine">The command, quoted for a shell, for failure messages.</param>
/// <param name="Stdout">Standard output, byte for byte.</param>
/// <param name="Stderr">Standard error, decoded as UTF-8.</param>
/// <param name="ExitCode">Exit status, or 128 + N when killed by signal N; -1 after a timeout.</param>
/// <param name="TimedOut">True when the run was killed for taking too long.</param>
public sealed record ProcessResult(string CommandLine, byte[] Stdout, string Stderr, int ExitCode, bool TimedOut)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    /// <summary>A few lines describing the run, for assertion messages.</summary>
    public string Describe(int stderrTailLines = 40)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"  command: {CommandLine}");
        sb.AppendLine(TimedOut ? "  timed out and was killed" : $"  exit code: {ExitCode}");
        sb.AppendLine($"  stdout: {Stdout.Length} bytes");
        string[] lines = Stderr.Split('\n');
        int first = System.Math.Max(0, lines.Length - stderrTailLines);
        sb.AppendLine(first == 0 ? "  stderr:" : $"  stderr (last {stderrTailLines} lines):");
        for (int i = first; i < lines.Length; i++)
        {
            sb.Append("    | ").AppendLine(lines[i]);
        }

        return sb.ToString();
    }

    public static string Quote(IEnumerable<string> argv)
    {
        var sb = new StringBuilder();
        foreach (string arg in argv)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            bool plain = arg.Length > 0;
            foreach (char ch in arg)
            {
                plain &= char.IsAsciiLetterOrDigit(ch) || "-_./=:,+@%".IndexOf(ch) >= 0;
            }

            sb.Append(plain ? arg : "'" + arg.Replace("'", "'\\''") + "'");
        }

        return sb.ToString();
    }
}
