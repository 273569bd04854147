// Runs the built kiln CLI (kiln.dll, copied next to the tests by the project reference) as a separate process, the
// way a user runs it, with an optional PATH and extra environment.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Kiln.Cli.Tests.Support
{
    public static class KilnProcess
    {
        public static string KilnDll => Path.Combine(AppContext.BaseDirectory, "kiln.dll");

        public static string DotnetPath => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? path
            : "/usr/bin/dotnet";

        public static CliResult Run(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
        {
            ProcessStartInfo start = new ProcessStartInfo(ResolveDotnet())
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
            };
            start.ArgumentList.Add(KilnDll);
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment.Remove("KILN_KERNEL");
            if (environment != null)
            {
                foreach (KeyValuePair<string, string> pair in environment)
                {
                    start.Environment[pair.Key] = pair.Value;
                }
            }

            using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
            process.StandardInput.Close();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("kiln did not exit within 60 s");
            }

            return new CliResult(process.ExitCode, stdout, stderr.Result);
        }

        private static string ResolveDotnet()
        {
            string? root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (root != null && File.Exists(Path.Combine(root, "dotnet")))
            {
                return Path.Combine(root, "dotnet");
            }

            return File.Exists(DotnetPath) ? DotnetPath : "dotnet";
        }
    }
}
