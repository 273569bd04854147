// `kiln run`: reads the config file, checks the options and the program, composes the image (program, libraries,
// /etc, the user's files), finds QEMU and the kernel, writes the root disk to a temporary file and boots the VM with
// a virtio-net NIC on QEMU's user network (unless --no-network) and the forwarded ports.
// Checks come in the order a user can fix them: command line and config (exit 2), the program and its files (1),
// the host: forwarded ports free, QEMU and the kernel present (1).

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kiln.Host;
using Kiln.Host.Image;

namespace Kiln.Cli
{
    /// <summary>The `run` command.</summary>
    internal static class RunCommand
    {
        /// <summary>
        /// Runs the program described by <paramref name="settings"/> (or, with <paramref name="buildOutput"/>, only
        /// writes its image there: `kiln build`); returns kiln's exit code.
        /// </summary>
        public static int Execute(RunSettings settings, TextWriter stderr, string? buildOutput = null)
        {
            if (buildOutput == null && BuiltImage.IsImage(settings.Program))
            {
                return BuiltImage.Run(settings, stderr);
            }

            string? configPath = settings.ConfigPath ?? (File.Exists(ConfigReader.DefaultName) ? ConfigReader.DefaultName : null);
            ConfigFile? config = null;
            if (configPath != null)
            {
                config = ConfigReader.Read(configPath, out HostError? configError);
                if (config == null)
                {
                    return CliErrors.Report(stderr, configError!, CliErrors.Usage);
                }
            }

            foreach (string entry in settings.Environment)
            {
                if (entry.IndexOf('=') <= 0)
                {
                    return CliErrors.ReportUsage(stderr, $"invalid --env value '{entry}': expected KEY=VALUE");
                }
            }

            string memory = settings.Memory ?? config?.Memory ?? MemorySize.Default;
            if (!MemorySize.TryParse(memory, out long memoryMiB, out string reason))
            {
                return settings.Memory == null && config?.Memory != null
                    ? CliErrors.Report(stderr, new HostError($"invalid RunConfig.Memory value '{memory}' in {config.Path}: {reason}"), CliErrors.Usage)
                    : CliErrors.ReportUsage(stderr, $"invalid --memory value '{memory}': {reason}");
            }

            if (!Enum.TryParse(settings.Accelerator, ignoreCase: true, out Accelerator requested) ||
                int.TryParse(settings.Accelerator, out _))
            {
                return CliErrors.ReportUsage(stderr, $"invalid --accel value '{settings.Accelerator}': expected auto, kvm or tcg");
            }

            UserContent? user = CollectUserContent(settings, config, out string? usageError);
            if (user == null)
            {
                return CliErrors.ReportUsage(stderr, usageError!);
            }

            List<VolumeRequest>? volumes = CollectVolumes(settings, config, out HostError? volumeError, out bool fromConfig);
            if (volumes == null)
            {
                return fromConfig ? CliErrors.Report(stderr, volumeError!, CliErrors.Usage) : CliErrors.ReportUsage(stderr, volumeError!.Message);
            }

            GuestNetwork? network = NetworkOptions.Resolve(NetworkRequest.From(settings, config), out QemuNetwork? qemuNetwork, out OptionError? networkError);
            List<PortForward>? forwards = network == null ? null : CollectForwards(settings, config, out networkError);
            if (network == null || forwards == null)
            {
                return networkError!.Report(stderr);
            }

            if (buildOutput != null)
            {
                // Ports are a property of a run (kiln run IMAGE -p), not of the image: the config's are checked, not kept.
                forwards.Clear();
            }

            settings = settings with
            {
                Mounts = config?.Mounts ?? new List<(string, string)>(),
            };
            IReadOnlyList<string> environment = PortEnvironment.Add(MergeEnvironment(config?.Env, settings.Environment), forwards);
            if (!ProgramCheck.TryCheck(settings.Program, environment, out CheckedProgram? program, out HostError? error))
            {
                return CliErrors.Report(stderr, error!, CliErrors.Failure);
            }

            List<string> arguments = new List<string>(config?.Args ?? new List<string>());
            arguments.AddRange(settings.ProgramArguments);
            ComposedImage? image = ImageComposer.Compose(program!, arguments, user, Directory.GetCurrentDirectory(), out error, network.NameServers);
            if (image == null)
            {
                return CliErrors.Report(stderr, error!, CliErrors.Failure);
            }

            foreach (string warning in image.Warnings)
            {
                stderr.WriteLine($"kiln: warning: {warning}");
            }

            if (buildOutput != null)
            {
                return BuiltImage.Write(settings, volumes, image, environment, network, buildOutput, stderr);
            }

            error = HostPortCheck.FindUnavailable(forwards);
            if (error != null)
            {
                return CliErrors.Report(stderr, error, CliErrors.Failure);
            }

            if (!TryFindHost(requested, stderr, out string qemu, out string kernel, out Accelerator accelerator, out int failure))
            {
                return failure;
            }

            string volumeDirectory = Volumes.Directory(Environment.GetEnvironmentVariable(Volumes.HomeVariable), Environment.GetEnvironmentVariable("HOME"));
            IReadOnlyList<(QemuDisk Disk, string Mount)>? attached = Volumes.Prepare(volumes, volumeDirectory, out error);
            if (attached == null)
            {
                return CliErrors.Report(stderr, error!, CliErrors.Failure);
            }

            List<string> mounts = attached.Select(volume => volume.Mount).ToList();
            ProgramLaunch launch = new ProgramLaunch(image.GuestProgram, image.Arguments, environment, settings.Trace, settings.SyscallSummary, image.WorkingDirectory, mounts, network);
            string rootImage = Path.Combine(Path.GetTempPath(), $"kiln-root-{Environment.ProcessId}-{Guid.NewGuid():N}.img");
            try
            {
                error = RootImage.Write(launch, image.Content, rootImage);
                if (error != null)
                {
                    return CliErrors.Report(stderr, error, CliErrors.Failure);
                }

                List<QemuDisk> disks = new List<QemuDisk> { new QemuDisk(rootImage, false, DiskBus.VirtioBlk) };
                disks.AddRange(attached.Select(volume => volume.Disk));
                QemuNetwork? nic = settings.NoNetwork ? null : WithForwards(qemuNetwork!, forwards);
                return Boot(qemu, accelerator, memoryMiB, kernel, program!.Image, disks, settings.Verbose, nic, stderr);
            }
            finally
            {
                File.Delete(rootImage);
            }
        }

        /// <summary>
        /// The forwarded ports: the config's RunConfig.Ports and UDPPorts first, then -p and --udp; none with
        /// --no-network, which refuses -p and --udp.
        /// </summary>
        internal static List<PortForward>? CollectForwards(RunSettings settings, ConfigFile? config, out OptionError? error)
        {
            error = null;
            string? path = config?.Path;
            if (settings.NoNetwork)
            {
                string? flag = settings.TcpPorts.Count > 0 ? $"--port '{settings.TcpPorts[0]}'" : settings.UdpPorts.Count > 0 ? $"--udp '{settings.UdpPorts[0]}'" : null;
                if (flag != null)
                {
                    error = new OptionError($"{flag} forwards a port to the network, which --no-network leaves out", false);
                    return null;
                }

                return new List<PortForward>();
            }

            IEnumerable<OptionValue> tcp = (config?.Ports ?? new List<string>()).Select(port => new OptionValue("RunConfig.Ports", port, path))
                .Concat(settings.TcpPorts.Select(port => new OptionValue("--port", port)));
            IEnumerable<OptionValue> udp = (config?.UdpPorts ?? new List<string>()).Select(port => new OptionValue("RunConfig.UDPPorts", port, path))
                .Concat(settings.UdpPorts.Select(port => new OptionValue("--udp", port)));
            List<PortForward>? forwards = PortOptions.Collect(ForwardProtocol.Tcp, tcp, out error);
            List<PortForward>? udpForwards = forwards == null ? null : PortOptions.Collect(ForwardProtocol.Udp, udp, out error);
            if (forwards == null || udpForwards == null)
            {
                return null;
            }

            forwards.AddRange(udpForwards);
            return forwards;
        }

        /// <summary>QEMU's network for the run: its subnet, with <paramref name="forwards"/> as hostfwd rules.</summary>
        internal static QemuNetwork WithForwards(QemuNetwork network, IReadOnlyList<PortForward> forwards) => network with
        {
            TcpPorts = forwards.Where(forward => forward.Protocol == ForwardProtocol.Tcp).Select(forward => forward.Port).ToList(),
            UdpPorts = forwards.Where(forward => forward.Protocol == ForwardProtocol.Udp).Select(forward => forward.Port).ToList(),
        };

        // The user's files and directories: the config's first (relative to the config file), then the command line's.
        private static UserContent? CollectUserContent(RunSettings settings, ConfigFile? config, out string? error)
        {
            error = null;
            List<UserPath> files = new List<UserPath>();
            List<UserPath> dirs = new List<UserPath>();
            List<UserMapping> mappings = new List<UserMapping>();
            if (config != null)
            {
                string origin = Path.GetFileName(config.Path);
                config.Files.ForEach(f => files.Add(new UserPath(f, $"{origin} Files")));
                config.Dirs.ForEach(d => dirs.Add(new UserPath(d, $"{origin} Dirs")));
                foreach ((string host, string guest) in config.MapDirs)
                {
                    if (!guest.StartsWith('/'))
                    {
                        error = $"invalid MapDirs entry '{host}' in {config.Path}: the guest path '{guest}' must be absolute";
                        return null;
                    }

                    mappings.Add(new UserMapping(host, guest, $"{origin} MapDirs"));
                }
            }

            foreach (string file in settings.Files)
            {
                files.Add(new UserPath(file, "--file"));
            }

            foreach (string dir in settings.Dirs)
            {
                dirs.Add(new UserPath(dir, "--dir"));
            }

            foreach (string value in settings.MapDirs)
            {
                int colon = value.LastIndexOf(':');
                if (colon <= 0 || colon == value.Length - 1 || value[colon + 1] != '/')
                {
                    error = $"invalid --mapdir value '{value}': expected HOST:GUEST with an absolute GUEST path";
                    return null;
                }

                mappings.Add(new UserMapping(value.Substring(0, colon), value.Substring(colon + 1), "--mapdir"));
            }

            return new UserContent(files, dirs, mappings);
        }

        // Volumes: the config's Mounts (NAME -> /path, default size) first, then --volume values.
        internal static List<VolumeRequest>? CollectVolumes(RunSettings settings, ConfigFile? config, out HostError? error, out bool fromConfig)
        {
            error = null;
            fromConfig = false;
            List<VolumeRequest> volumes = new List<VolumeRequest>();
            foreach ((string name, string guest) in config?.Mounts ?? new List<(string, string)>())
            {
                if (!VolumeRequest.TryParse($"{name}:{guest}", out VolumeRequest? volume, out string reason))
                {
                    fromConfig = true;
                    error = new HostError($"invalid Mounts entry '{name}' in {config!.Path}: {reason}");
                    return null;
                }

                volumes.Add(volume!);
            }

            foreach (string text in settings.Volumes)
            {
                if (!VolumeRequest.TryParse(text, out VolumeRequest? volume, out string reason))
                {
                    error = new HostError($"invalid --volume value '{text}': {reason}");
                    return null;
                }

                volumes.Add(volume!);
            }

            return volumes;
        }

        // The config's Env first, then -e; a name set twice keeps its first position and takes the last value.
        private static IReadOnlyList<string> MergeEnvironment(List<string>? fromConfig, IReadOnlyList<string> fromCommandLine)
        {
            List<string> merged = new List<string>();
            Dictionary<string, int> positions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string entry in (fromConfig ?? new List<string>()).Concat(fromCommandLine))
            {
                string name = entry.Substring(0, Math.Max(entry.IndexOf('='), 0));
                if (positions.TryGetValue(name, out int position))
                {
                    merged[position] = entry;
                }
                else
                {
                    positions[name] = merged.Count;
                    merged.Add(entry);
                }
            }

            return merged;
        }

        /// <summary>QEMU, its firmware, the kernel and the accelerator: false with kiln's exit code in <paramref name="failure"/> after saying what is missing.</summary>
        internal static bool TryFindHost(Accelerator requested, TextWriter stderr, out string qemu, out string kernel, out Accelerator accelerator, out int failure)
        {
            accelerator = Accelerator.Tcg;
            kernel = "";
            failure = CliErrors.Failure;
            if (!HostPaths.TryFindQemu(Environment.GetEnvironmentVariable("PATH"), out qemu, out HostError? error) ||
                !HostPaths.TryFindKernel(Environment.GetEnvironmentVariable(HostPaths.KernelVariable), AppContext.BaseDirectory, out kernel, out error))
            {
                CliErrors.Report(stderr, error!, CliErrors.Failure);
                return false;
            }

            if (!File.Exists(QemuCommandLine.DefaultBiosPath))
            {
                CliErrors.Report(stderr, new HostError($"QEMU's qboot firmware is missing: {QemuCommandLine.DefaultBiosPath}", "run `sudo apt-get install qemu-system-data` (Debian/Ubuntu)"), CliErrors.Failure);
                return false;
            }

            accelerator = AcceleratorChoice.Choose(requested, HostVirtualization.Probe(), out string? notice, out error);
            if (error != null)
            {
                CliErrors.Report(stderr, error, CliErrors.Failure);
                return false;
            }

            if (notice != null)
            {
                stderr.WriteLine(notice);
            }

            failure = 0;
            return true;
        }

        /// <summary>
        /// Boots the kernel with <paramref name="disks"/> (the root disk first) and <paramref name="network"/>'s NIC
        /// (none if null), and relays the program's output and exit status.
        /// </summary>
        internal static int Boot(string qemu, Accelerator accelerator, long memoryMiB, string kernel, byte[] programImage, IReadOnlyList<QemuDisk> disks, bool verbose,
            QemuNetwork? network, TextWriter stderr)
        {
            stderr.Flush();
            QemuOptions options = new QemuOptions(qemu, accelerator, memoryMiB, QemuCommandLine.DefaultBiosPath, kernel, disks) { Verbose = verbose, Network = network };
            using Stream stdout = Console.OpenStandardOutput();
            using Stream rawStderr = Console.OpenStandardError();
            return QemuLauncher.Run(options, new Symbolizer(programImage, File.ReadAllBytes(kernel)), stdout, rawStderr);
        }
    }
}
