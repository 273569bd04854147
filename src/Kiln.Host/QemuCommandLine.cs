// Builds the qemu-system-x86_64 argument list (checked against QEMU 7.2). COM1 (-serial stdio) carries the program's
// stdout; COM2 is a file chardev on /dev/stderr, which QEMU reopens as its own stderr (a pipe kiln reads), carrying
// the program's stderr and the kernel's messages. append=on keeps QEMU from truncating stderr when it is a file.
// The NIC is a modern-only virtio-net-pci (no legacy I/O BAR; the driver negotiates VIRTIO_F_VERSION_1 either way)
// on QEMU's user network, with host 127.0.0.1 ports forwarded to the guest.

using System.Collections.Generic;

namespace Kiln.Host
{
    /// <summary>The QEMU command line kiln runs.</summary>
    public static class QemuCommandLine
    {
        /// <summary>Where Debian's qemu-system-data package installs qboot, a firmware that boots in milliseconds.</summary>
        public const string DefaultBiosPath = "/usr/share/qemu/qboot.rom";

        /// <summary>The I/O port of isa-debug-exit: a write of v makes QEMU exit with status (v &lt;&lt; 1) | 1.</summary>
        public const string DebugExitDevice = "isa-debug-exit,iobase=0xf4,iosize=0x04";

        /// <summary>The arguments after the executable name.</summary>
        public static IReadOnlyList<string> Build(QemuOptions options)
        {
            bool kvm = options.Accelerator == Accelerator.Kvm;
            List<string> arguments = new List<string>
            {
                "-machine", "q35",
                // Under KVM the guest sees the host CPU; under TCG "max" emulates every feature QEMU has, RDRAND included.
                "-cpu", kvm ? "host" : "max",
                "-m", $"{options.MemoryMiB}M",
                "-smp", "1",
                "-accel", kvm ? "kvm" : "tcg",
                "-bios", options.BiosPath,
                "-kernel", options.KernelPath,
                "-display", "none",
                "-monitor", "none",
                "-no-reboot",
                "-nodefaults",
                "-serial", "stdio",
                "-chardev", "file,id=kerr,path=/dev/stderr,append=on",
                "-serial", "chardev:kerr",
                "-device", DebugExitDevice,
            };

            AddDisks(arguments, options.Disks);
            AddNetwork(arguments, options.Network);

            // A developer's knob: KILN_KERNEL_CMDLINE reaches the kernel as its command line (for example
            // `kiln.selftest=panic`, which makes the kernel fault on purpose to show its panic report).
            string? kernelCommandLine = System.Environment.GetEnvironmentVariable(KernelCommandLineVariable);
            if (options.Verbose)
            {
                kernelCommandLine = string.IsNullOrEmpty(kernelCommandLine) ? VerboseOption : $"{kernelCommandLine} {VerboseOption}";
            }

            if (!string.IsNullOrEmpty(kernelCommandLine))
            {
                arguments.Add("-append");
                arguments.Add(kernelCommandLine);
            }

            return arguments;
        }

        /// <summary>
        /// Each disk is a -drive (raw, no default interface) and the device presenting it. The kernel numbers disks
        /// in PCI order, and QEMU gives -device entries consecutive slots, so disks keep the list's order; SCSI disks
        /// share one adapter, placed where the first of them is, and get targets 0, 1, 2 ... in list order.
        /// </summary>
        private static void AddDisks(List<string> arguments, IReadOnlyList<QemuDisk>? disks)
        {
            if (disks == null)
            {
                return;
            }

            int scsiTargets = 0;
            for (int i = 0; i < disks.Count; i++)
            {
                QemuDisk disk = disks[i];
                string id = $"disk{i}";
                arguments.Add("-drive");
                arguments.Add($"file={EscapeOptionValue(disk.Path)},format=raw,if=none,id={id}{(disk.ReadOnly ? ",readonly=on" : "")}");
                switch (disk.Bus)
                {
                    case DiskBus.VirtioBlk:
                        arguments.Add("-device");
                        arguments.Add($"virtio-blk-pci,drive={id}");
                        break;
                    case DiskBus.VirtioBlkLegacy:
                        arguments.Add("-device");
                        arguments.Add($"virtio-blk-pci,drive={id},disable-modern=on");
                        break;
                    default:
                        if (scsiTargets == 0)
                        {
                            arguments.Add("-device");
                            arguments.Add($"virtio-scsi-pci,id={ScsiAdapterId}");
                        }

                        arguments.Add("-device");
                        arguments.Add($"scsi-hd,drive={id},bus={ScsiAdapterId}.0,channel=0,scsi-id={scsiTargets},lun=0");
                        scsiTargets++;
                        break;
                }
            }
        }

        private const string ScsiAdapterId = "scsi0";

        /// <summary>The id of the user-network backend the NIC is attached to.</summary>
        public const string NetdevId = "net0";

        /// <summary>
        /// The user network and its NIC, after the disks so the disks keep their PCI slots. QEMU's defaults (10.0.2.0/24)
        /// are left implicit; another subnet names its gateway, DNS forwarder and first DHCP address (where forwards
        /// without a guest address go). Forwards listen on 127.0.0.1 only, never on the host's other interfaces.
        /// </summary>
        private static void AddNetwork(List<string> arguments, QemuNetwork? network)
        {
            if (network == null)
            {
                return;
            }

            System.Text.StringBuilder netdev = new System.Text.StringBuilder($"user,id={NetdevId}");
            if (!network.IsQemuDefault)
            {
                netdev.Append($",net={GuestNetwork.Format(network.Network)}/{network.PrefixLength},host={GuestNetwork.Format(network.Host)}");
                netdev.Append($",dns={GuestNetwork.Format(network.Resolver)},dhcpstart={GuestNetwork.Format(network.DhcpStart)}");
            }

            foreach (int port in network.TcpPorts)
            {
                netdev.Append($",hostfwd=tcp:127.0.0.1:{port}-:{port}");
            }

            foreach (int port in network.UdpPorts)
            {
                netdev.Append($",hostfwd=udp:127.0.0.1:{port}-:{port}");
            }

            arguments.Add("-netdev");
            arguments.Add(netdev.ToString());
            arguments.Add("-device");
            arguments.Add($"virtio-net-pci,netdev={NetdevId},disable-legacy=on");
        }

        /// <summary>QEMU option values end at a comma; a literal comma is written twice.</summary>
        private static string EscapeOptionValue(string value) => value.Replace(",", ",,");

        /// <summary>The kernel option that makes it print its boot messages.</summary>
        public const string VerboseOption = "kiln.verbose=1";

        /// <summary>The environment variable whose value becomes the kernel's command line.</summary>
        public const string KernelCommandLineVariable = "KILN_KERNEL_CMDLINE";
    }
}
