// Kiln-only behaviour: the root file system from a disk. The host builds a KilnFS image labelled "root" (the journal
// program and its manifest, a file, a directory and a symlink), the kernel mounts it as "/", and the journal guest
// program appends fsync'ed records on "/" itself. A second boot must see them, and the host's
// own image reader must then find the kernel's files in the image: the kernel's log is read back by the host's replay.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Kiln.Host;
using Kiln.Host.Image;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class RootDiskTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"kiln-rootdisk-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public RootDiskTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TheRootDiskIsMountedAndWritable()
    {
        KilnRunner.AssertPrerequisites();
        await GuestBuild.EnsureBuiltAsync();
        string image = Path.Combine(_directory, "root.img");
        ProgramLaunch launch = new ProgramLaunch("/journal", new[] { "journal", "/", "0", "25" }, Array.Empty<string>(), false, false);
        byte[] manifest = ManifestBuilder.Build(launch, out HostError? error) ?? throw new InvalidOperationException(error!.Message);
        KilnFsImageBuilder builder = new KilnFsImageBuilder("root");
        builder.AddFile("/journal", await File.ReadAllBytesAsync(RepoPaths.Program(LibcVariant.Glibc, "journal")), 0x1ed);
        builder.AddFile(ManifestBuilder.GuestPath, manifest);
        builder.AddDirectory("/etc");
        builder.AddFile("/etc/greeting", Encoding.ASCII.GetBytes("hello from the image\n"));
        builder.AddSymlink("/greeting", "etc/greeting");
        builder.Write(image, 16L << 20);

        // The first boot finds no records and appends 25 on "/" itself; the second finds all 25 there.
        ProcessResult first = await BootAsync(image);
        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Contains("kilnfs: mounted \"root\" from disk 0:", first.Stderr);
        Assert.Contains("checked 0\n", first.StdoutText);
        Assert.Contains("synced 25\n", first.StdoutText);

        ProcessResult second = await BootAsync(image);
        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.Contains("checked 25\n", second.StdoutText);

        using KilnFsImage? written = KilnFsImage.Open(image, out string? openError);
        Assert.True(written != null, openError);
        Assert.Equal(0, written!.Inconsistencies);
        Assert.Equal("hello from the image\n", Encoding.ASCII.GetString(written.ReadAllBytes(written.Find("/etc/greeting")!)));
        Assert.NotNull(written.Find("/side"));
        Assert.NotNull(written.Find("/gone.25"));
        Assert.Null(written.Find("/gone.20"));
        long logBytes = new[] { "/logs/log0", "/logs/log1", "/logs/log2" }.Sum(path => written.ReadAllBytes(written.Find(path)!).LongLength);
        Assert.True(logBytes > 25 * 16, $"the logs hold {logBytes} bytes");
    }

    // Boots the kernel with the image as its only disk (the program and its manifest are in it).
    private async Task<ProcessResult> BootAsync(string image)
    {
        string kernel = Environment.GetEnvironmentVariable("KILN_KERNEL") is { Length: > 0 } chosen ? chosen : RepoPaths.KernelElf;
        var options = new QemuOptions("qemu-system-x86_64", Accelerator.Tcg, 256, QemuCommandLine.DefaultBiosPath, kernel,
            new[] { new QemuDisk(image, ReadOnly: false, DiskBus.VirtioBlk) }) { Verbose = true };
        await KilnRunner.s_vmSlots.WaitAsync();
        try
        {
            ProcessResult run = await ProcessRunner.RunAsync("qemu-system-x86_64", QemuCommandLine.Build(options), new Dictionary<string, string>(),
                replaceEnv: false, stdin: "", KilnRunner.Timeout, RepoPaths.Root);

            // isa-debug-exit: QEMU exits with (status << 1) | 1.
            return run with { ExitCode = run.ExitCode >= 1 ? (run.ExitCode - 1) / 2 : run.ExitCode };
        }
        finally
        {
            KilnRunner.s_vmSlots.Release();
        }
    }
}
