// The ways tests/guest/Makefile builds programs (three C libraries, Go, Rust), and which programs each way covers.
using System;

namespace Kiln.Guest.Tests;

public enum LibcVariant
{
    /// <summary><c>gcc -static</c>: every program.</summary>
    Glibc,

    /// <summary><c>gcc -static-pie</c>: the subset in the Makefile's PIE_PROGRAMS.</summary>
    GlibcPie,

    /// <summary><c>musl-gcc -static</c>: every program.</summary>
    Musl,

    /// <summary><c>CGO_ENABLED=0 go build</c>: the Go programs in the Makefile's GO_PROGRAMS (no libc at all).</summary>
    Go,

    /// <summary>Debian's <c>rustc -C target-feature=+crt-static</c>: the Makefile's RUST_PROGRAMS.</summary>
    Rust,

    /// <summary><c>gcc</c> without <c>-static</c>: the host's ld-linux-x86-64.so.2 and glibc; the Makefile's DYNAMIC_PROGRAMS.</summary>
    GlibcDynamic,
}

internal static class LibcVariantExtensions
{
    /// <summary>Mirrors PROGRAMS in tests/guest/Makefile; HarnessTests checks the two agree.</summary>
    public static readonly string[] AllPrograms =
    {
        "hello", "args", "exit", "stdio", "malloc", "time", "memory", "errors", "uname", "random", "process",
        "segv", "kaddr", "fpe", "vdso", "threads", "tls", "signals", "sigfault", "timers", "futex", "events", "clone",
        "threadchurn", "fpu",
        "timerfd", "signalfd", "epollexcl",
        "files", "dirs", "paths", "links", "files-size", "locks", "files-copy", "fileschurn",
        "devfiles", "procfs", "mmapfile",
        "unixstream", "unixdgram", "socketpair", "sockopts", "netlink", "unixchurn", "dualstack",
        "journal", "unsynced",
        "tcpecho", "tcpaddr", "udploop", "nbconnect", "epollsock",
    };

    /// <summary>Mirrors PIE_PROGRAMS in tests/guest/Makefile.</summary>
    public static readonly string[] PiePrograms =
    {
        "hello", "args", "exit", "stdio", "malloc", "memory", "segv", "threads", "tls", "signals", "sigfault",
        "fpu", "mmapfile",
    };

    /// <summary>Mirrors DYNAMIC_PROGRAMS in tests/guest/Makefile.</summary>
    public static readonly string[] DynamicPrograms =
    {
        "hello", "args", "exit", "malloc", "threads", "tls", "signals", "sigfault", "mmapfile",
    };

    /// <summary>Mirrors GO_PROGRAMS in tests/guest/Makefile; their names never collide with the C programs'.</summary>
    public static readonly string[] GoPrograms = { "goroutines", "gotimers", "gopanics", "gohttp", "gofetch" };

    /// <summary>Mirrors RUST_PROGRAMS in tests/guest/Makefile.</summary>
    public static readonly string[] RustPrograms = { "rust-threads" };

    public static string BuildFolder(this LibcVariant variant) => variant switch
    {
        LibcVariant.Glibc => "glibc",
        LibcVariant.GlibcPie => "glibc-pie",
        LibcVariant.Musl => "musl",
        LibcVariant.Go => "go",
        LibcVariant.Rust => "rust",
        LibcVariant.GlibcDynamic => "glibc-dynamic",
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    public static bool Builds(this LibcVariant variant, string program) => Array.IndexOf(Programs(variant), program) >= 0;

    public static string[] Programs(this LibcVariant variant) => variant switch
    {
        LibcVariant.GlibcPie => PiePrograms,
        LibcVariant.Go => GoPrograms,
        LibcVariant.Rust => RustPrograms,
        LibcVariant.GlibcDynamic => DynamicPrograms,
        _ => AllPrograms,
    };

    /// <summary>What to install when the variant's programs were not built, or null when nothing is optional.</summary>
    public static string? ToolchainHint(this LibcVariant variant) => variant switch
    {
        LibcVariant.Musl => "is musl-gcc installed? (apt-get install musl-tools)",
        LibcVariant.Go => "is go installed? (apt-get install golang-go)",
        LibcVariant.Rust => "is Debian's rustc installed at /usr/bin/rustc? (apt-get install rustc)",
        _ => null,
    };
}
