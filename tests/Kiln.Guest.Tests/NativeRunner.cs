// Runs a guest program directly on the host, with exactly the case's environment and nothing else.
using System;
using System.Threading.Tasks;

namespace Kiln.Guest.Tests;

internal static class NativeRunner
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task<ProcessResult> RunAsync(string program, GuestCase guest) =>
        ProcessRunner.RunAsync(program, guest.Args, guest.Env, replaceEnv: true, guest.Stdin, Timeout, RepoPaths.Root);
}
