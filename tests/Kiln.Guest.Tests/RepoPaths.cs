// Where things are: the repository root (found from the test assembly) and the paths the guest tests use.
using System;
using System.IO;

namespace Kiln.Guest.Tests;

internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new Lazy<string>(FindRoot);

    /// <summary>The folder holding Kiln.sln, found by walking up from the test assembly's folder.</summary>
    public static string Root => s_root.Value;

    public static string GuestSources => Path.Combine(Root, "tests", "guest");

    public static string GuestBuild => Path.Combine(GuestSources, "build");

    public static string KilnLauncher => Path.Combine(Root, "kiln");

    public static string KernelElf => Path.Combine(Root, "out", "kiln-kernel.elf");

    public static string Program(LibcVariant variant, string name) =>
        Path.Combine(GuestBuild, variant.BuildFolder(), name);

    private static string FindRoot()
    {
        string start = AppContext.BaseDirectory;
        for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kiln.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Kiln.sln in {start} or any folder above it");
    }
}
