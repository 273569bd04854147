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

        /// <summary>RunConfig.Ports (parsed, not used yet: kiln has no network device).</summary>
        public List<string> Ports { get; } = new List<string>();

        /// <summary>Mounts: volume name → guest mount point.</summary>
        public List<(string Name, string GuestPath)> Mounts { get; } = new List<(string, string)>();
    }
}
