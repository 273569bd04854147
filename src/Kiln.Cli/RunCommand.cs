// `kiln run`: checks the options and the program, finds QEMU and the kernel, packs the initrd and boots the VM.
// Checks come in the order a user can fix them: command line (exit 2), the program (1), the host (1).

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kiln.Host;

namespace Kiln.Cli
{
    /// <summary>The `run` command.</summary>
    internal static class RunCommand
    {
        /// <summary>Runs the program described by <paramref name="settings"/>; returns kiln's exit code.</summary>
        public static int Execute(RunSettings settings, TextWriter stderr)
        {
            foreach (string entry in settings.Environment)
            {
                if (entry.IndexOf('=') <= 0)
                {
                    return CliErrors.ReportUsage(stderr, $"invalid --env value '{entry}': expected KEY=VALUE");
                }
            }

            List<VolumeRequest> volumes = new List<VolumeRequest>();
            foreach (string text in settings.Volumes ?? Array.Empty<string>())
            {
                if (!VolumeRequest.TryParse(text, out VolumeRequest? volume, out string volumeReason))
                {
                    return CliErrors.ReportUsage(stderr, $"invalid --volume value '{text}': {volumeReason}");
                }

                volumes.Add(volume!);
            }

            if (!MemorySize.TryParse(settings.Memory, out long memoryMiB, out string reason))
            {
                return CliErrors.ReportUsage(stderr, $"invalid --memory value '{settings.Memory}': {reason}");
            }

            if (!Enum.TryParse(settings.Accelerator, ignoreCase: true, out Accelerator requested) ||
                int.TryParse(settings.Accelerator, out _))
            {
                return CliErrors.ReportUsage(stderr, $"invalid --accel value '{settings.Accelerator}': expected auto, kvm or tcg");
            }

            if (!ProgramCheck.TryCheck(settings.Program, out CheckedProgram? program, out HostError? error))
            {
                return CliErrors.Report(stderr, error!, CliErrors.Failure);
            }

            if (!HostPaths.TryFindQemu(Environment.GetEnvironmentVariable("PATH"), out string qemu, out error) ||
                !HostPaths.TryFindKernel(Environment.GetEnvironmentVariable(HostPaths.KernelVariable), AppContext.BaseDirectory, out string kernel, out error))
            {
                return CliErrors.Report(stderr, error!, CliErrors.Failure);
            }

            if (!File.Exists(QemuCommandLine.DefaultBiosPath))
            {
                return CliErrors.Report(stderr, new HostError($"QEMU's qboot firmware is missing: {QemuCommandLine.DefaultBiosPath}", "run `sudo apt-get install qemu-system-data` (Debian/Ubuntu)"), CliErrors.Failure);
            }

            Accelerator accelerator = AcceleratorChoice.Choose(requested, HostVirtualization.Probe(), out string? notice, out error);
            if (error != null)
            {
                return CliErrors.Report(stderr, error, CliErrors.Failure);
            }

            if (notice != null)
            {
                stderr.WriteLine(notice);
            }

            string volumeDirectory = Volumes.Directory(Environment.GetEnvironmentVariable(Volumes.HomeVariable), Environment.GetEnvironmentVariable("HOME"));
            IReadOnlyList<(QemuDisk Disk, string Mount)>? attached = Volumes.Prepare(volumes, volumeDirectory, out error);
            if (attached == null)
            {
                return CliErrors.Report(stderr, error!, CliErrors.Failure);
            }

            List<string> argv = new List<string> { settings.Program };
            argv.AddRange(settings.ProgramArguments);
            List<string> mounts = attached.Select(volume => volume.Mount).ToList();
            ProgramLaunch launch = new ProgramLaunch(program!, argv, settings.Environment, settings.Trace, settings.SyscallSummary, mounts);
            byte[]? initrd = InitrdBuilder.Build(launch, out error);
            if (initrd == null)
            {
                return CliErrors.Report(stderr, error!, CliErrors.Failure);
            }

            return Boot(qemu, accelerator, memoryMiB, kernel, initrd, program!, attached.Select(volume => volume.Disk).ToList(), stderr);
        }

        private static int Boot(string qemu, Accelerator accelerator, long memoryMiB, string kernel, byte[] initrd, CheckedProgram program, IReadOnlyList<QemuDisk> disks, TextWriter stderr)
        {
            string initrdPath = Path.Combine(Path.GetTempPath(), $"kiln-initrd-{Environment.ProcessId}-{Guid.NewGuid():N}.cpio");
            try
            {
                File.WriteAllBytes(initrdPath, initrd);
                stderr.Flush();
                QemuOptions options = new QemuOptions(qemu, accelerator, memoryMiB, QemuCommandLine.DefaultBiosPath, kernel, initrdPath, disks);
                using Stream stdout = Console.OpenStandardOutput();
                using Stream rawStderr = Console.OpenStandardError();
                return QemuLauncher.Run(options, new Symbolizer(program.Image, File.ReadAllBytes(kernel)), stdout, rawStderr);
            }
            finally
            {
                File.Delete(initrdPath);
            }
        }
    }
}
