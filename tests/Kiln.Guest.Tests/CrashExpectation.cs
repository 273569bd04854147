// What a crash program must do: die by a given signal, and (under Kiln) say so with the faulting address.
namespace Kiln.Guest.Tests;

/// <param name="SignalName">SIGSEGV, SIGFPE ...</param>
/// <param name="SignalNumber">The Linux x86-64 signal number; the exit code is 128 plus it.</param>
/// <param name="FaultAddress">The data address the crash report must name, or null when there is none to name.</param>
public sealed record CrashExpectation(string SignalName, int SignalNumber, ulong? FaultAddress)
{
    public static CrashExpectation Segv(ulong address) => new CrashExpectation("SIGSEGV", 11, address);

    public static CrashExpectation Fpe() => new CrashExpectation("SIGFPE", 8, null);
}
