// Runs a process to completion with a time limit, feeding stdin and capturing stdout as bytes and stderr as text.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace Kiln.Guest.Tests;

internal static class ProcessRunner
{
    /// <param name="fileName">The program; it is also argv[0].</param>
    /// <param name="args">argv[1..].</param>
    /// <param name="env">When <paramref name="replaceEnv"/> is true the whole environment, else additions to ours.</param>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string> env,
        bool replaceEnv,
        string stdin,
        TimeSpan timeout,
        string workingDirectory)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (string arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        if (replaceEnv)
        {
            psi.Environment.Clear();
        }

        foreach (KeyValuePair<string, string> pair in env)
        {
            psi.Environment[pair.Key] = pair.Value;
        }

        string commandLine = ProcessResult.Quote(new[] { fileName }.Concat(psi.ArgumentList));
        using var process = new Process { StartInfo = psi };
        process.Start();

        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        Task readOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task readErr = process.StandardError.BaseStream.CopyToAsync(stderr);
        try
        {
            byte[] input = Encoding.UTF8.GetBytes(stdin);
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited (or closed its input) before reading it all: that is its business.
        }

        bool timedOut = false;
        Task exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(timeout)) != exited)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        await Task.WhenAll(readOut, readErr).WaitAsync(TimeSpan.FromSeconds(10));
        return new ProcessResult(
            commandLine,
            stdout.ToArray(),
            Encoding.UTF8.GetString(stderr.ToArray()),
            timedOut ? -1 : process.ExitCode,
            timedOut);
    }
}
