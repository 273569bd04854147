// Kiln-only behaviour: the root file system from a disk. The host builds a KilnFS image labelled "root" (a file, a
// directory, a symlink and the journal program, which the kernel loads through the VFS, so from this disk), the
// kernel mounts it as "/" instead of the initrd's tree (which then holds only the manifest that matters), and the
// journal guest program reads what the host wrote and appends fsync'ed records on "/" itself. A second boot must see
// them, and the host's own image reader must then find the kernel's files in the image: the kernel's log is read back
// by the host's replay.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Kiln.Cpio;
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
        KilnFsImageBuilder builder = new KilnFsImageBuilder("root");
        builder.AddDirectory("/etc");
        builder.AddFile("/etc/greeting", Encoding.ASCII.GetBytes("hello from the image\n"));
        builder.AddSymlink("/greeting", "etc/greeting");
        builder.AddFile("/journal", await File.ReadAllBytesAsync(RepoPaths.Program(LibcVariant.Glibc, "journal")), 0x1ed);
        builder.Write(image, 16L << 20);

        ProcessResult first = await BootAsync(image, "/", "0", "20");
        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Contains("kilnfs: mounted \"root\" from disk 0:", first.Stderr);
        Assert.Contains("checked 0\n", first.StdoutText);
        Assert.Contains("synced 20\n", first.StdoutText);

        ProcessResult second = await BootAsync(image, "/", "20", "25");
        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.Contains("checked 20\n", second.StdoutText);

        using KilnFsImage? written = KilnFsImage.Open(image, out string? error);
        Assert.True(written != null, error);
        Assert.Equal(0, written!.Inconsistencies);
        Assert.Equal("hello from the image\n", Encoding.ASCII.GetString(written.ReadAllBytes(written.Find("/etc/greeting")!)));
        Assert.NotNull(written.Find("/side"));
        Assert.NotNull(written.Find("/gone.25"));
        Assert.Null(written.Find("/gone.20"));
        long logBytes = new[] { "/logs/log0", "/logs/log1", "/logs/log2" }.Sum(path => written.ReadAllBytes(written.Find(path)!).LongLength);
        Assert.True(logBytes > 25 * 16, $"the logs hold {logBytes} bytes");
    }

    // Boots the kernel with the journal program in the initrd and the root image as the only disk.
    private async Task<ProcessResult> BootAsync(string image, params string[] arguments)
    {
        byte[] program = await File.ReadAllBytesAsync(RepoPaths.Program(LibcVariant.Glibc, "journal"));
        ProgramLaunch launch = new ProgramLaunch("/journal", new[] { "journal" }.Concat(arguments).ToList(), Array.Empty<string>(), false, false);
        byte[] manifest = InitrdBuilder.BuildManifest(launch, out HostError? error) ?? throw new InvalidOperationException(error!.Message);
        byte[] archive = new byte[CpioWriter.MeasureEntry(13, manifest.Length) + CpioWriter.MeasureEntry(7, program.Length) + CpioWriter.MeasureTrailer()];
        int length = WriteArchive(archive, manifest, program);
        string initrd = Path.Combine(_directory, "initrd");
        await File.WriteAllBytesAsync(initrd, archive.AsSpan(0, length).ToArray());

        string kernel = Environment.GetEnvironmentVariable("KILN_KERNEL") is { Length: > 0 } chosen ? chosen : RepoPaths.KernelElf;
        var options = new QemuOptions("qemu-system-x86_64", Accelerator.Tcg, 256, QemuCommandLine.DefaultBiosPath, kernel, initrd,
            new[] { new QemuDisk(image, ReadOnly: false, DiskBus.VirtioBlk) });
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

    private static int WriteArchive(Span<byte> archive, byte[] manifest, byte[] program)
    {
        CpioWriter writer = new CpioWriter(archive);
        Assert.Equal(CpioError.None, writer.Add("kiln/manifest"u8, CpioFormat.S_IFREG | 0x1a4, manifest));
        Assert.Equal(CpioError.None, writer.Add("journal"u8, CpioFormat.S_IFREG | 0x1ed, program));
        Assert.Equal(CpioError.None, writer.Finish());
        return writer.Length;
    }
}
