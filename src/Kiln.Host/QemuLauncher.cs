// Runs QEMU as a child process: stdin inherited from a terminal or pumped from a pipe or file (ConsoleInputPump),
// COM1 (QEMU's stdout) copied to kiln's stdout and COM2 (QEMU's stderr) through KernelConsoleFilter to kiln's stderr,
// chunk by chunk as they arrive (ConsolePump); then maps the end of the VM to kiln's exit code (ExitStatusProtocol).

using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace Kiln.Host
{
    /// <summary>Boots the Kiln kernel under QEMU and waits for the program to end.</summary>
    public static class QemuLauncher
    {
        private const int InterruptedExitCode = 130;

        /// <summary>Runs QEMU with <paramref name="options"/>.</summary>
        /// <param name="options">The command line's inputs.</param>
        /// <param name="symbolizer">Names backtrace addresses, or null.</param>
        /// <param name="stdout">Where the program's stdout goes.</param>
        /// <param name="stderr">Where the program's stderr and kernel messages go.</param>
        /// <returns>kiln's exit code.</returns>
        public static int Run(QemuOptions options, Symbolizer? symbolizer, Stream stdout, Stream stderr)
        {
            ProcessStartInfo start = new ProcessStartInfo(options.QemuPath)
            {
                UseShellExecute = false,
                RedirectStandardInput = ConsoleInputPump.IsWanted,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string argument in QemuCommandLine.Build(options))
            {
                start.ArgumentList.Add(argument);
            }

            // Ctrl-C reaches QEMU too (same process group) and ends the VM; kiln stays to report it.
            bool interrupted = false;
            using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                interrupted = true;
            });

            using System.Diagnostics.Process qemu = System.Diagnostics.Process.Start(start)!;
            if (options.Network != null)
            {
                // libslirp listens with a backlog of 1; see HostForwardBacklog.
                HostForwardBacklog.RaiseInBackground(qemu.Id, options.Network.TcpPorts, TimeSpan.FromSeconds(10));
            }

            if (start.RedirectStandardInput)
            {
                ConsoleInputPump.Start(Console.OpenStandardInput(), qemu.StandardInput.BaseStream);
            }

            KernelConsoleFilter filter = new KernelConsoleFilter(stderr, symbolizer);
            ConsolePump outPump = ConsolePump.Start(qemu.StandardOutput.BaseStream, chunk =>
            {
                stdout.Write(chunk);
                stdout.Flush();
            });
            ConsolePump errPump = ConsolePump.Start(qemu.StandardError.BaseStream, chunk => filter.Write(chunk));
            qemu.WaitForExit();
            outPump.Join();
            errPump.Join();
            filter.Complete();

            if (filter.Exit != null)
            {
                return filter.Exit.ShellExitCode;
            }

            if (interrupted)
            {
                return InterruptedExitCode;
            }

            byte[] message = System.Text.Encoding.UTF8.GetBytes(ExitStatusProtocol.LostStatusMessage(qemu.ExitCode) + "\n");
            stderr.Write(message);
            stderr.Flush();
            return ExitStatusProtocol.LostStatusExitCode;
        }
    }
}
