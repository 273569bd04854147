// The contents of a kiln config file (config.json, in the key spelling of nanovms ops): the program's arguments and
// environment, files and directories for the image, and run settings. Paths are as written; ConfigReader makes the
// relative ones relative to the config file's directory.

using System.Collections.Generic;

namespace Kiln.Cli
{
    /// <summary>A parsed config file.</summary>
    internal sealed class ConfigFile
    {
        /// <summary>The config file's path, as given.</summary>
        public string Path { get; init; } = "";

        /// <summary>Args: arguments passed to the program before the command line's.</summary>
        public List<string> Args { get; } = new List<string>();

        /// <summary>Env: NAME=VALUE entries, in file order.</summary>
        public List<string> Env { get; } = new List<string>();

        /// <summary>Files: host files put at the same guest path.</summary>
        public List<string> Files { get; } = new List<string>();

        /// <summary>Dirs: host directory trees put at the same guest path.</summary>
        public List<string> Dirs { get; } = new List<string>();

        /// <summary>MapDirs: host directory → guest path.</summary>
        public List<(string Host, string Guest)> MapDirs { get; } = new List<(string, string)>();

        /// <summary>RunConfig.Memory, or null.</summary>
        public string? Memory { get; set; }

        /// <summary>RunConfig.Ports: TCP ports (PORT or FIRST-LAST) forwarded from the host's 127.0.0.1, as -p.</summary>
        public List<string> Ports { get; } = new List<string>();

        /// <summary>RunConfig.UDPPorts: UDP ports forwarded, as --udp.</summary>
        public List<string> UdpPorts { get; } = new List<string>();

        /// <summary>RunConfig.IPAddress (as --ip), or null.</summary>
        public string? IPAddress { get; set; }

        /// <summary>RunConfig.NetMask (as --netmask), or null.</summary>
        public string? NetMask { get; set; }

        /// <summary>RunConfig.Gateway (as --gateway), or null.</summary>
        public string? Gateway { get; set; }

        /// <summary>NameServers: the guest's name servers (as --dns).</summary>
        public List<string> NameServers { get; } = new List<string>();

        /// <summary>Mounts: volume name → guest mount point.</summary>
        public List<(string Name, string GuestPath)> Mounts { get; } = new List<(string, string)>();
    }
}
