// The table of guest runs: every program with the arguments, environment and input it is run with, and the theory
// data the per-libc test classes draw from it.
using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Kiln.Guest.Tests;

public static class GuestCases
{
    private static readonly IReadOnlyDictionary<string, string> s_noEnv = new Dictionary<string, string>();

    public static readonly IReadOnlyList<GuestCase> All = new[]
    {
        Normal("hello", "hello"),
        Normal("args/none", "args"),
        Normal("args/many", "args", new[] { "one", "hello world", "", "ünïcödé", "--flag=x", "tab\there", "$HOME" },
            new Dictionary<string, string> { ["KILN_A"] = "alpha", ["KILN_B"] = "x=y z", ["KILN_EMPTY"] = "" }),
        Exit("exit/0", 0),
        Exit("exit/1", 1),
        Exit("exit/42", 42),
        Exit("exit/255", 255),
        new GuestCase("exit/42-from-main", "exit", new[] { "42", "main" }, s_noEnv, "", 42, null),
        Normal("stdio", "stdio"),
        Normal("malloc", "malloc"),
        Normal("time", "time"),
        Normal("vdso", "vdso"),
        Normal("memory", "memory"),
        // Linux returns 0 from a read at end of input without looking at the buffer, so errors needs input waiting.
        new GuestCase("errors", "errors", Array.Empty<string>(), s_noEnv, "input line\n", 0, null),
        Normal("uname", "uname"),
        Normal("random", "random"),
        Normal("process", "process"),
        Crashes("segv", CrashExpectation.Segv(0x1234)),
        Crashes("kaddr", CrashExpectation.Segv(0xffffffff80000000)),
        Crashes("fpe", CrashExpectation.Fpe()),

        // Threads, time and signals (issue 3).
        Normal("fpu", "fpu"),
        Normal("threads", "threads"),
        new GuestCase("threads/exit-from-thread", "threads", new[] { "exit-from-thread" }, s_noEnv, "", 7, null),
        Normal("threads/main-exits-first", "threads", new[] { "main-exits-first" }),
        Normal("tls", "tls"),
        Normal("signals", "signals"),
        Normal("sigfault", "sigfault"),
        Normal("timers", "timers"),
        Normal("futex", "futex"),
        Normal("events", "events"),
        Normal("timerfd", "timerfd"),
        Normal("signalfd", "signalfd"),
        Normal("epollexcl", "epollexcl"),
        Normal("epollexcl/rdhup", "epollexcl", new[] { "rdhup" }),
        Normal("clone", "clone"),
        Normal("threadchurn/1000", "threadchurn", new[] { "1000" }),

        // Files and dynamic programs (issue 4).
        Normal("mmapfile", "mmapfile"),
        Normal("goroutines", "goroutines", new[] { "first", "with space", "" },
            new Dictionary<string, string> { ["KILN_GO"] = "gopher=1" }),
        Normal("gotimers", "gotimers"),
        Normal("gopanics", "gopanics"),
        new GuestCase("gopanics/exit3", "gopanics", new[] { "exit3" }, s_noEnv, "", 3, null),
        Normal("rust-threads", "rust-threads"),

        // Files and the VFS (issue 4).
        Normal("files", "files"),
        Normal("dirs", "dirs"),
        Normal("paths", "paths"),
        Normal("links", "links"),
        Normal("files-size", "files-size"),
        Normal("locks", "locks"),
        Normal("files-copy", "files-copy"),
        Normal("fileschurn/100", "fileschurn", new[] { "100" }),

        // Pseudo file systems (issue 4).
        Normal("devfiles", "devfiles"),
        Normal("procfs", "procfs", new[] { "one", "two words" }, new Dictionary<string, string> { ["KILN_PROC"] = "yes" }),

        // Sockets (issue 5).
        Normal("unixstream", "unixstream"),
        Normal("unixdgram", "unixdgram"),
        Normal("socketpair", "socketpair"),
        Normal("sockopts", "sockopts"),
        Normal("netlink", "netlink"),
        Normal("unixchurn/100", "unixchurn", new[] { "100" }),
        Normal("dualstack", "dualstack"),

        // Sockets over the guest's loopback (issue 5).
        Normal("tcpecho", "tcpecho"),
        Normal("tcpaddr", "tcpaddr"),
        Normal("udploop", "udploop"),
        Normal("nbconnect", "nbconnect"),
        Normal("epollsock", "epollsock"),
    };

    public static GuestCase Get(string id) =>
        All.FirstOrDefault(c => c.Id == id) ?? throw new ArgumentException($"no guest case named {id}", nameof(id));

    /// <summary>The ids of the cases whose program the variant builds.</summary>
    public static TheoryData<string> For(LibcVariant variant)
    {
        var data = new TheoryData<string>();
        foreach (GuestCase c in All.Where(c => variant.Builds(c.Program)))
        {
            data.Add(c.Id);
        }

        return data;
    }

    private static GuestCase Normal(string id, string program, string[]? args = null, Dictionary<string, string>? env = null) =>
        new GuestCase(id, program, args ?? Array.Empty<string>(), env ?? s_noEnv, "", 0, null);

    private static GuestCase Exit(string id, int status) =>
        new GuestCase(id, "exit", new[] { status.ToString() }, s_noEnv, "", status, null);

    private static GuestCase Crashes(string program, CrashExpectation crash) =>
        new GuestCase(program, program, Array.Empty<string>(), s_noEnv, "", 128 + crash.SignalNumber, crash);
}
