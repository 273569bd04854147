// The three ways tests/guest/Makefile builds each program, and which programs each way covers.
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
}

internal static class LibcVariantExtensions
{
    /// <summary>Mirrors PROGRAMS in tests/guest/Makefile; HarnessTests checks the two agree.</summary>
    public static readonly string[] AllPrograms =
    {
        "hello", "args", "exit", "stdio", "malloc", "time", "memory", "errors", "uname", "random", "process",
        "segv", "kaddr", "fpe", "vdso",
    };

    /// <summary>Mirrors PIE_PROGRAMS in tests/guest/Makefile.</summary>
    public static readonly string[] PiePrograms = { "hello", "args", "exit", "stdio", "malloc", "memory", "segv" };

    public static string BuildFolder(this LibcVariant variant) => variant switch
    {
        LibcVariant.Glibc => "glibc",
        LibcVariant.GlibcPie => "glibc-pie",
        LibcVariant.Musl => "musl",
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    public static bool Builds(this LibcVariant variant, string program) =>
        variant == LibcVariant.GlibcPie ? Array.IndexOf(PiePrograms, program) >= 0 : Array.IndexOf(AllPrograms, program) >= 0;
}
