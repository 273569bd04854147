// Runs host tools (gcc, cpio) from tests and returns their exit code and output.

using System.Diagnostics;
using System.IO;

namespace Kiln.Kernel.Logic.Tests.Support
{
    internal static class Tool
    {
        public static (int ExitCode, string Output) Run(string fileName, string arguments, string? workingDirectory = null, byte[]? stdin = null)
        {
            ProcessStartInfo start = new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
            };
            using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
            if (stdin != null)
            {
                process.StandardInput.BaseStream.Write(stdin);
            }

            process.StandardInput.Close();
            System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }

        public static byte[] RunForBytes(string fileName, string arguments, string workingDirectory, string stdin)
        {
            ProcessStartInfo start = new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = workingDirectory,
            };
            using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
            System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
            using MemoryStream output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new IOException($"{fileName} {arguments} failed: {error.Result}");
            }

            return output.ToArray();
        }
    }
}
