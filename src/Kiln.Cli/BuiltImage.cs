// `kiln build PROGRAM [ARGS...] -o IMAGE` writes the root disk `kiln run` would boot, to keep and run later; and
// `kiln run IMAGE` boots such an image as it is: its manifest already names the program, arguments, environment,
// volumes (which are attached from ~/.kiln/volumes as for any run) and network configuration (QEMU's user network is
// set up to match it). Forwarded ports (-p, --udp) and --no-network belong to the run, not the image. The image is the
// instance's disk: what the program writes to its root file system stays in it.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kiln.Host;
using Kiln.Host.Image;
using Kiln.Manifest;

namespace Kiln.Cli
{
    /// <summary>Images made by `kiln build` and booted by `kiln run IMAGE`.</summary>
    internal static class BuiltImage
    {
        /// <summary>True when <paramref name="path"/> is a Kiln root disk rather than a program.</summary>
        public static bool IsImage(string path)
        {
            if (!File.Exists(path) || new FileInfo(path).Length < 1 << 20)
            {
                return false;
            }

            using KilnFsImage? image = KilnFsImage.Open(path, out _);
            return image != null && image.Label == Kiln.Storage.KilnFsLayout.RootLabel;
        }

        /// <summary>Writes the composed image to <paramref name="output"/> (through a temporary file, so a failed build leaves no half image).</summary>
        public static int Write(RunSettings settings, IReadOnlyList<VolumeRequest> volumes, ComposedImage image, IReadOnlyList<string> environment, GuestNetwork network,
            string output, TextWriter stderr)
        {
            IReadOnlyList<string> mounts = volumes.Select(volume => $"{volume.Name}:{volume.GuestPath}").ToList();
            ProgramLaunch launch = new ProgramLaunch(image.GuestProgram, image.Arguments, environment, settings.Trace, settings.SyscallSummary, image.WorkingDirectory, mounts, network);
            string temporary = output + ".kiln-new";
            HostError? error = RootImage.Write(launch, image.Content, temporary);
            if (error != null)
            {
                File.Delete(temporary);
                return CliErrors.Report(stderr, error, CliErrors.Failure);
            }

            try
            {
                File.Move(temporary, output, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                File.Delete(temporary);
                return CliErrors.Report(stderr, new HostError($"cannot write {output}: {e.Message}"), CliErrors.Failure);
            }

            stderr.WriteLine($"kiln: wrote {output}: {image.Content.Count} files, {image.Content.FileBytes / (1024.0 * 1024.0):0.0} MiB of data; run it with: kiln run {output}");
            return 0;
        }

        /// <summary>Boots the image at settings.Program with the volumes its manifest names.</summary>
        public static int Run(RunSettings settings, TextWriter stderr)
        {
            string path = settings.Program;
            if (settings.ProgramArguments.Count > 0 || settings.Environment.Count > 0 || settings.Files.Count > 0 || settings.Dirs.Count > 0
                || settings.MapDirs.Count > 0 || settings.Volumes.Count > 0 || settings.ConfigPath != null || settings.Trace || settings.SyscallSummary)
            {
                return CliErrors.ReportUsage(stderr, $"{path} is a built image: its program, arguments, environment, files and volumes are fixed in it; change them with kiln build");
            }

            if (settings.Dhcp || settings.Ip != null || settings.Netmask != null || settings.Gateway != null || settings.Dns.Count > 0)
            {
                return CliErrors.ReportUsage(stderr, $"{path} is a built image: its network configuration (--dhcp, --ip, --netmask, --gateway, --dns) is fixed in it; change it with kiln build");
            }

            List<PortForward>? forwards = RunCommand.CollectForwards(settings, null, out OptionError? portError);
            if (forwards == null)
            {
                return portError!.Report(stderr);
            }

            string memory = settings.Memory ?? MemorySize.Default;
            if (!MemorySize.TryParse(memory, out long memoryMiB, out string reason))
            {
                return CliErrors.ReportUsage(stderr, $"invalid --memory value '{memory}': {reason}");
            }

            if (!Enum.TryParse(settings.Accelerator, ignoreCase: true, out Accelerator requested) || int.TryParse(settings.Accelerator, out _))
            {
                return CliErrors.ReportUsage(stderr, $"invalid --accel value '{settings.Accelerator}': expected auto, kvm or tcg");
            }

            byte[] programImage;
            GuestNetwork guest;
            List<VolumeRequest> volumes = new List<VolumeRequest>();
            using (KilnFsImage image = KilnFsImage.Open(path, out string? openError) ?? throw new InvalidOperationException(openError))
            {
                KilnFsEntry? manifestEntry = image.Find(ManifestBuilder.GuestPath);
                if (manifestEntry == null || !manifestEntry.IsRegular)
                {
                    return CliErrors.Report(stderr, new HostError($"{path} has no {ManifestBuilder.GuestPath}: it was not made by kiln build"), CliErrors.Failure);
                }

                byte[] manifest = image.ReadAllBytes(manifestEntry);
                if (ManifestReader.Validate(manifest, out ManifestInfo info) != ManifestError.None)
                {
                    return CliErrors.Report(stderr, new HostError($"{path}: its manifest is malformed"), CliErrors.Failure);
                }

                KilnFsEntry? program = image.Find(System.Text.Encoding.UTF8.GetString(info.Program), followFinal: true);
                guest = NetworkOf(manifest);

                programImage = program != null && program.IsRegular ? image.ReadAllBytes(program) : Array.Empty<byte>();
                ManifestReader reader = new ManifestReader(manifest);
                while (reader.MoveNext(out ManifestRecord record))
                {
                    if (record.Key == ManifestKey.Mount && ManifestMount.TrySplit(record.Value, out ReadOnlySpan<byte> label, out ReadOnlySpan<byte> guestPath))
                    {
                        volumes.Add(new VolumeRequest(System.Text.Encoding.UTF8.GetString(label), System.Text.Encoding.UTF8.GetString(guestPath), VolumeRequest.DefaultSizeBytes));
                    }
                }
            }

            QemuNetwork? network = QemuNetwork.For(guest, Array.Empty<int>(), Array.Empty<int>(), out string? networkError);
            if (network == null)
            {
                return CliErrors.Report(stderr, new HostError($"{path}: its network configuration does not fit QEMU's user network: {networkError}"), CliErrors.Failure);
            }

            HostError? error = HostPortCheck.FindUnavailable(forwards);
            if (error != null)
            {
                return CliErrors.Report(stderr, error, CliErrors.Failure);
            }

            if (!RunCommand.TryFindHost(requested, stderr, out string qemu, out string kernel, out Accelerator accelerator, out int failure))
            {
                return failure;
            }

            string volumeDirectory = Volumes.Directory(Environment.GetEnvironmentVariable(Volumes.HomeVariable), Environment.GetEnvironmentVariable("HOME"));
            IReadOnlyList<(QemuDisk Disk, string Mount)>? attached = Volumes.Prepare(volumes, volumeDirectory, out error);
            if (attached == null)
            {
                return CliErrors.Report(stderr, error!, CliErrors.Failure);
            }

            List<QemuDisk> disks = new List<QemuDisk> { new QemuDisk(Path.GetFullPath(path), false, DiskBus.VirtioBlk) };
            disks.AddRange(attached.Select(volume => volume.Disk));
            QemuNetwork? nic = settings.NoNetwork ? null : RunCommand.WithForwards(network, forwards);
            return RunCommand.Boot(qemu, accelerator, memoryMiB, kernel, programImage, disks, settings.Verbose, nic, stderr);
        }

        /// <summary>
        /// The guest configuration an image's manifest names; an image from before the network records gets QEMU's
        /// defaults (what its kernel assumes when the manifest says nothing).
        /// </summary>
        internal static GuestNetwork NetworkOf(ReadOnlySpan<byte> manifest)
        {
            if (ManifestNetwork.Read(manifest, out ManifestNetwork read) != ManifestError.None || (!read.Dhcp && !read.HasAddress))
            {
                return GuestNetwork.Default;
            }

            List<uint> servers = new List<uint>();
            for (int i = 0; i < read.NameServerCount; i++)
            {
                servers.Add(read.NameServer(i));
            }

            if (read.Dhcp)
            {
                return new GuestNetwork(true, 0, 0, 0, servers);
            }

            uint mask = read.Netmask;
            uint gateway = read.HasGateway ? read.Gateway : (read.Address & mask) | 2;
            return new GuestNetwork(false, read.Address, read.PrefixLength, gateway, servers);
        }
    }
}
