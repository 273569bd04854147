// The kiln command tree for System.CommandLine: the root command (--help, --version) and `run` with its options.
// Commands are listed here explicitly; each command's work lives in its own class.

using System;
using System.CommandLine;

namespace Kiln.Cli
{
    /// <summary>Builds kiln's commands and options.</summary>
    internal sealed class KilnCommandLine
    {
        private readonly Option<string[]> _env = new Option<string[]>("--env", "-e")
        {
            Description = "Set an environment variable for the program (repeatable)",
            HelpName = "KEY=VALUE",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<string> _memory = new Option<string>("--memory", "-m")
        {
            Description = $"Guest memory, e.g. 256M or 1G (default {MemorySize.Default})",
            HelpName = "SIZE",
        };

        private readonly Option<string[]> _file = new Option<string[]>("--file")
        {
            Description = "Put a host file in the image at the same path (repeatable)",
            HelpName = "PATH",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<string[]> _dir = new Option<string[]>("--dir")
        {
            Description = "Put a host directory tree in the image at the same path (repeatable)",
            HelpName = "PATH",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<string[]> _mapdir = new Option<string[]>("--mapdir")
        {
            Description = "Put a host directory tree in the image at another path (repeatable)",
            HelpName = "HOST:GUEST",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<string> _config = new Option<string>("--config")
        {
            Description = $"Read Args, Env, Files, Dirs, MapDirs, RunConfig and Mounts from a JSON file (default ./{ConfigReader.DefaultName} if present)",
            HelpName = "FILE",
        };

        private readonly Option<bool> _verbose = new Option<bool>("--verbose")
        {
            Description = "Show the kernel's boot messages: disks found, file systems mounted",
        };

        private readonly Option<bool> _trace = new Option<bool>("--trace")
        {
            Description = "Print each system call the program makes",
        };

        private readonly Option<bool> _syscallSummary = new Option<bool>("--syscall-summary")
        {
            Description = "Print a count of each system call when the program ends",
        };

        private readonly Option<string> _accel = new Option<string>("--accel")
        {
            Description = "How QEMU runs the VM: auto (KVM where it works), kvm or tcg",
            HelpName = "auto|kvm|tcg",
            DefaultValueFactory = _ => "auto",
        };

        private readonly Option<string[]> _volume = new Option<string[]>("--volume")
        {
            Description = "Attach the volume NAME (kept in ~/.kiln/volumes, made on first use, 1G unless SIZE says) at PATH (repeatable)",
            HelpName = "NAME:PATH[:SIZE]",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<string[]> _port = new Option<string[]>("--port", "-p")
        {
            Description = "Forward the host's 127.0.0.1:PORT to the program's TCP PORT; FIRST-LAST forwards each port of the range (repeatable)",
            HelpName = "PORT[-PORT]",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<string[]> _udp = new Option<string[]>("--udp")
        {
            Description = "Forward the host's 127.0.0.1:PORT to the program's UDP PORT (repeatable)",
            HelpName = "PORT[-PORT]",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<bool> _noNetwork = new Option<bool>("--no-network")
        {
            Description = "Boot without a network card",
        };

        private readonly Option<bool> _dhcp = new Option<bool>("--dhcp")
        {
            Description = "Get the address, gateway and name server from QEMU's DHCP server instead of the static defaults",
        };

        private readonly Option<string> _ip = new Option<string>("--ip")
        {
            Description = "The program's static address (default 10.0.2.15/24, QEMU's user network)",
            HelpName = "A.B.C.D[/PREFIX]",
        };

        private readonly Option<string> _netmask = new Option<string>("--netmask")
        {
            Description = "The static address's netmask, e.g. 255.255.255.0 or 24 (default /24)",
            HelpName = "MASK",
        };

        private readonly Option<string> _gateway = new Option<string>("--gateway")
        {
            Description = "The default gateway (default: .2 of the address's network, 10.0.2.2 by default)",
            HelpName = "A.B.C.D",
        };

        private readonly Option<string[]> _dns = new Option<string[]>("--dns")
        {
            Description = "A name server for /etc/resolv.conf and the kernel (repeatable, at most 3; default QEMU's forwarder 10.0.2.3)",
            HelpName = "A.B.C.D",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Argument<string> _program = new Argument<string>("PROGRAM")
        {
            Description = "A Linux x86-64 program (static or dynamically linked) or #! script; everything after it is passed to the program",
        };

        private readonly Option<string> _output = new Option<string>("--output", "-o")
        {
            Description = "Where to write the image (default: PROGRAM's name with .img, in the working directory)",
            HelpName = "IMAGE",
        };

        /// <summary>
        /// Creates the command tree; <paramref name="run"/> executes a parsed `kiln run`, <paramref name="build"/> a
        /// parsed `kiln build` (with the image path).
        /// </summary>
        public KilnCommandLine(Func<RunSettings, int> run, Func<RunSettings, string, int> build, string[] programArguments)
        {
            Command runCommand = new Command("run", "Run a program in its own Kiln VM under QEMU")
            {
                _env,
                _memory,
                _trace,
                _syscallSummary,
                _accel,
                _verbose,
                _volume,
                _file,
                _dir,
                _mapdir,
                _config,
                _port,
                _udp,
                _noNetwork,
                _dhcp,
                _ip,
                _netmask,
                _gateway,
                _dns,
                _program,
            };
            runCommand.SetAction(result => run(new RunSettings(
                result.GetValue(_program)!,
                programArguments,
                result.GetValue(_env) ?? Array.Empty<string>(),
                result.GetValue(_memory),
                result.GetValue(_accel) ?? "auto",
                result.GetValue(_trace),
                result.GetValue(_syscallSummary))
            {
                Files = result.GetValue(_file) ?? Array.Empty<string>(),
                Dirs = result.GetValue(_dir) ?? Array.Empty<string>(),
                MapDirs = result.GetValue(_mapdir) ?? Array.Empty<string>(),
                ConfigPath = result.GetValue(_config),
                Volumes = result.GetValue(_volume) ?? Array.Empty<string>(),
                Verbose = result.GetValue(_verbose),
                TcpPorts = result.GetValue(_port) ?? Array.Empty<string>(),
                UdpPorts = result.GetValue(_udp) ?? Array.Empty<string>(),
                NoNetwork = result.GetValue(_noNetwork),
                Dhcp = result.GetValue(_dhcp),
                Ip = result.GetValue(_ip),
                Netmask = result.GetValue(_netmask),
                Gateway = result.GetValue(_gateway),
                Dns = result.GetValue(_dns) ?? Array.Empty<string>(),
            }));
            Command buildCommand = new Command("build", "Write the disk image kiln run would boot (program, libraries, files, manifest) to run later with: kiln run IMAGE")
            {
                _env,
                _trace,
                _syscallSummary,
                _volume,
                _file,
                _dir,
                _mapdir,
                _config,
                _dhcp,
                _ip,
                _netmask,
                _gateway,
                _dns,
                _output,
                _program,
            };
            buildCommand.SetAction(result =>
            {
                string program = result.GetValue(_program)!;
                RunSettings settings = new RunSettings(program, programArguments, result.GetValue(_env) ?? Array.Empty<string>(), null, "auto",
                    result.GetValue(_trace), result.GetValue(_syscallSummary))
                {
                    Files = result.GetValue(_file) ?? Array.Empty<string>(),
                    Dirs = result.GetValue(_dir) ?? Array.Empty<string>(),
                    MapDirs = result.GetValue(_mapdir) ?? Array.Empty<string>(),
                    ConfigPath = result.GetValue(_config),
                    Volumes = result.GetValue(_volume) ?? Array.Empty<string>(),
                    Dhcp = result.GetValue(_dhcp),
                    Ip = result.GetValue(_ip),
                    Netmask = result.GetValue(_netmask),
                    Gateway = result.GetValue(_gateway),
                    Dns = result.GetValue(_dns) ?? Array.Empty<string>(),
                };
                string output = result.GetValue(_output) ?? System.IO.Path.GetFileName(program.TrimEnd('/')) + ".img";
                return build(settings, output);
            });
            Root = new RootCommand("kiln runs one unmodified Linux x86-64 program as its own virtual machine.")
            {
                runCommand,
                buildCommand,
                ImageCommands.Create(Console.Out, Console.Error),
            };
        }

        /// <summary>The root command.</summary>
        public RootCommand Root { get; }
    }
}
