// Runs host tools (gcc, ldd, ldconfig, interpreters) from tests, without a shell, and returns exit code and output.

using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Kiln.Host.Tests.Support
{
    internal static class Tool
    {
        public static (int ExitCode, string Stdout, string Stderr) Run(
            string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string>? environment = null)
        {
            ProcessStartInfo start = new ProcessStartInfo(fileName)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            if (environment != null)
            {
                foreach (KeyValuePair<string, string> pair in environment)
                {
                    start.Environment[pair.Key] = pair.Value;
                }
            }

            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
    }
}
