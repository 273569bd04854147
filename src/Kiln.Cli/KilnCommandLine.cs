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
            Description = "Guest memory, e.g. 256M or 1G",
            HelpName = "SIZE",
            DefaultValueFactory = _ => MemorySize.Default,
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

        private readonly Argument<string> _program = new Argument<string>("PROGRAM")
        {
            Description = "A static Linux x86-64 program; everything after it is passed to the program",
        };

        /// <summary>Creates the command tree; <paramref name="run"/> executes a parsed `kiln run`.</summary>
        public KilnCommandLine(Func<RunSettings, int> run, string[] programArguments)
        {
            Command runCommand = new Command("run", "Run a program in its own Kiln VM under QEMU")
            {
                _env,
                _memory,
                _trace,
                _syscallSummary,
                _accel,
                _volume,
                _program,
            };
            runCommand.SetAction(result => run(new RunSettings(
                result.GetValue(_program)!,
                programArguments,
                result.GetValue(_env) ?? Array.Empty<string>(),
                result.GetValue(_memory) ?? MemorySize.Default,
                result.GetValue(_accel) ?? "auto",
                result.GetValue(_trace),
                result.GetValue(_syscallSummary),
                result.GetValue(_volume) ?? Array.Empty<string>())));
            Root = new RootCommand("kiln runs one unmodified static Linux x86-64 program as its own virtual machine.")
            {
                runCommand,
                ImageCommands.Create(Console.Out, Console.Error),
            };
        }

        /// <summary>The root command.</summary>
        public RootCommand Root { get; }
    }
}
