// How the program in the VM ended, as the kernel's status line on COM2 reports it.

namespace Kiln.Host
{
    /// <summary>A program's end: a normal exit with a status, or death by a signal.</summary>
    /// <param name="Signaled">True if killed by a signal.</param>
    /// <param name="Code">The exit status (0..255) or the signal number.</param>
    /// <param name="SignalName">The signal's name (SIGSEGV), empty for a normal exit.</param>
    public sealed record ProgramExit(bool Signaled, int Code, string SignalName)
    {
        /// <summary>kiln's own exit code: the status for an exit, 128 + N for signal N, as a shell reports it.</summary>
        public int ShellExitCode => Signaled ? 128 + Code : Code;
    }
}
