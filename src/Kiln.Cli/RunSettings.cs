// The options of `kiln run` after parsing, before they are checked; config file values are merged in by RunCommand.

using System;
using System.Collections.Generic;

namespace Kiln.Cli
{
    /// <summary>What the user asked `kiln run` to do.</summary>
    internal sealed record RunSettings(
        string Program,
        IReadOnlyList<string> ProgramArguments,
        IReadOnlyList<string> Environment,
        string? Memory,
        string Accelerator,
        bool Trace,
        bool SyscallSummary)
    {
        /// <summary>--verbose: the kernel prints its boot messages (disks found, file systems mounted).</summary>
        public bool Verbose { get; init; }

        /// <summary>--volume: NAME:/PATH[:SIZE] values as typed.</summary>
        public IReadOnlyList<string> Volumes { get; init; } = Array.Empty<string>();

        /// <summary>--file: host files at the same guest path.</summary>
        public IReadOnlyList<string> Files { get; init; } = Array.Empty<string>();

        /// <summary>--dir: host directory trees at the same guest path.</summary>
        public IReadOnlyList<string> Dirs { get; init; } = Array.Empty<string>();

        /// <summary>--mapdir: HOST:GUEST values as typed.</summary>
        public IReadOnlyList<string> MapDirs { get; init; } = Array.Empty<string>();

        /// <summary>--config, or null to read config.json from the working directory if it is there.</summary>
        public string? ConfigPath { get; init; }

        /// <summary>-p/--port: TCP PORT or FIRST-LAST values as typed.</summary>
        public IReadOnlyList<string> TcpPorts { get; init; } = Array.Empty<string>();

        /// <summary>--udp: UDP PORT or FIRST-LAST values as typed.</summary>
        public IReadOnlyList<string> UdpPorts { get; init; } = Array.Empty<string>();

        /// <summary>--no-network: boot without a NIC.</summary>
        public bool NoNetwork { get; init; }

        /// <summary>--dhcp: the guest asks QEMU's DHCP server for its address.</summary>
        public bool Dhcp { get; init; }

        /// <summary>--ip: A.B.C.D or A.B.C.D/PREFIX, or null.</summary>
        public string? Ip { get; init; }

        /// <summary>--netmask: a dotted netmask or a prefix length, or null.</summary>
        public string? Netmask { get; init; }

        /// <summary>--gateway: A.B.C.D, or null.</summary>
        public string? Gateway { get; init; }

        /// <summary>--dns: name servers as typed.</summary>
        public IReadOnlyList<string> Dns { get; init; } = Array.Empty<string>();

        /// <summary>Mounts from the config: volume name → guest mount point (for the volume support to attach).</summary>
        public IReadOnlyList<(string Name, string GuestPath)> Mounts { get; init; } = Array.Empty<(string, string)>();
    }
}
