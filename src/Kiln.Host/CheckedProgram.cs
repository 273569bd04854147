// A program that passed ProgramCheck: where it is on the host and its bytes, and for a dynamically linked program
// the libraries it loads (resolved as the host's ld.so would). For a #! script the program is the interpreter and
// Script says which script it runs.

using Kiln.Host.Libraries;

namespace Kiln.Host
{
    /// <summary>An x86-64 ELF executable read from the host, with what it needs to run.</summary>
    /// <param name="HostPath">The path as the user typed it (for a script: the interpreter's path).</param>
    /// <param name="Image">The file's bytes.</param>
    public sealed record CheckedProgram(string HostPath, byte[] Image)
    {
        /// <summary>The interpreter and libraries of a dynamically linked program; null for a static one.</summary>
        public LinkMap? Links { get; init; }

        /// <summary>The resolver that found <see cref="Links"/>, to add dlopen'ed objects to the same map.</summary>
        public LibraryResolver? Resolver { get; init; }

        /// <summary>The script the program runs when the user named a #! script; null otherwise.</summary>
        public ScriptRun? Script { get; init; }
    }
}
