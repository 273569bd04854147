// Tests of the host library's pure decisions: accelerator choice, the QEMU command line, the exit status protocol,
// the root image's contents and the split of kiln's arguments from the program's.

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Kiln.Host;
using Kiln.Host.Image;
using Kiln.Manifest;
using Xunit;

namespace Kiln.Cli.Tests.Host
{
    public sealed class HostLogicTests
    {
        [Theory]
        [InlineData(Accelerator.Auto, true, false, Accelerator.Kvm, false)]
        [InlineData(Accelerator.Auto, true, true, Accelerator.Tcg, true)]
        [InlineData(Accelerator.Auto, false, false, Accelerator.Tcg, false)]
        [InlineData(Accelerator.Tcg, true, false, Accelerator.Tcg, false)]
        [InlineData(Accelerator.Kvm, true, true, Accelerator.Kvm, false)]
        public void AcceleratorFollowsTheHost(Accelerator requested, bool usable, bool pvm, Accelerator expected, bool notice)
        {
            Accelerator chosen = AcceleratorChoice.Choose(requested, new HostVirtualization(usable, pvm), out string? text, out HostError? error);
            Assert.Equal(expected, chosen);
            Assert.Null(error);
            Assert.Equal(notice ? AcceleratorChoice.PvmNotice : null, text);
        }

        [Fact]
        public void KvmRequestedWithoutDevKvmIsAnError()
        {
            AcceleratorChoice.Choose(Accelerator.Kvm, new HostVirtualization(false, false), out _, out HostError? error);
            Assert.NotNull(error);
            Assert.Contains("/dev/kvm", error!.Message);
        }

        [Fact]
        public void QemuCommandLineUnderTcg()
        {
            QemuOptions options = new QemuOptions("/usr/bin/qemu-system-x86_64", Accelerator.Tcg, 256, "/q.rom", "/k.elf",
                new[] { new QemuDisk("/root.img", false, DiskBus.VirtioBlk) });
            Assert.Equal(
                "-machine q35 -cpu max -m 256M -smp 1 -accel tcg -bios /q.rom -kernel /k.elf -display none " +
                "-monitor none -no-reboot -nodefaults -serial stdio -chardev file,id=kerr,path=/dev/stderr,append=on " +
                "-serial chardev:kerr -device isa-debug-exit,iobase=0xf4,iosize=0x04 " +
                "-drive file=/root.img,format=raw,if=none,id=disk0 -device virtio-blk-pci,drive=disk0",
                string.Join(' ', QemuCommandLine.Build(options)));
        }

        [Fact]
        public void QemuCommandLineUnderKvmUsesTheHostCpu()
        {
            QemuOptions options = new QemuOptions("q", Accelerator.Kvm, 1024, "b", "k", System.Array.Empty<QemuDisk>());
            string line = string.Join(' ', QemuCommandLine.Build(options));
            Assert.Contains("-cpu host", line);
            Assert.Contains("-accel kvm", line);
            Assert.Contains("-m 1024M", line);
        }

        [Theory]
        [InlineData("kiln: exit 0", false, 0)]
        [InlineData("kiln: exit 255", false, 255)]
        [InlineData("kiln: killed by signal 6 (SIGABRT)", true, 134)]
        public void StatusLinesParse(string line, bool signaled, int shellCode)
        {
            Assert.True(ExitStatusProtocol.TryParse(line, out ProgramExit? exit));
            Assert.Equal(signaled, exit!.Signaled);
            Assert.Equal(shellCode, exit.ShellExitCode);
        }

        [Theory]
        [InlineData("kiln: exit 256")]
        [InlineData("kiln: exit -1")]
        [InlineData("kiln: exit 1 ")]
        [InlineData("kiln: killed by signal 0 (X)")]
        [InlineData("program: kiln: exit 0")]
        public void NonStatusLinesDoNotParse(string line)
        {
            Assert.False(ExitStatusProtocol.TryParse(line, out _));
        }

        [Fact]
        public void LostStatusMessageNamesTheQemuStatus()
        {
            Assert.Equal(
                "kiln: the VM stopped without reporting the program's exit status (QEMU exit status 1)",
                ExitStatusProtocol.LostStatusMessage(1));
        }

        [Fact]
        public void RootImageHoldsTheManifestAndEveryEntryWithItsMode()
        {
            byte[] image = { 0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3 };
            ImageContent content = new ImageContent();
            Assert.Null(content.Add(ImageEntry.Bytes("/work/build/hello", image, 0x1ed, ContentPriority.System, "the program")));
            Assert.Null(content.Add(ImageEntry.Symlink("/work/latest", "build/hello", ContentPriority.System, "link")));
            ProgramLaunch launch = new ProgramLaunch("/work/build/hello", new[] { "./build/hello", "-e", "x" }, new[] { "A=1" }, true, false, "/work");
            string path = Path.GetTempFileName();
            try
            {
                Assert.Null(RootImage.Write(launch, content, path, 1 << 20));
                using KilnFsImage root = KilnFsImage.Open(path, out string? openError) ?? throw new Xunit.Sdk.XunitException(openError);
                Assert.Equal("root", root.Label);
                Assert.Equal(new[] { "kiln 40755", "work 40755" }, root.List(root.Root).Select(e => e.Name + " " + System.Convert.ToString(e.Entry.Mode, 8)));
                Assert.Equal(image, root.ReadAllBytes(root.Find("/work/build/hello")!));
                Assert.Equal(0x81edu, root.Find("/work/build/hello")!.Mode);
                Assert.Equal("build/hello", root.Find("/work/latest")!.SymlinkTarget);
                byte[] manifest = root.ReadAllBytes(root.Find(ManifestBuilder.GuestPath)!);
                Assert.Equal(
                    "program=/work/build/hello\0arg=./build/hello\0arg=-e\0arg=x\0env=A=1\0trace=1\0syscall-summary=0\0cwd=/work\0",
                    Encoding.UTF8.GetString(manifest));
                Assert.Equal(ManifestError.None, ManifestReader.Validate(manifest, out ManifestInfo info));
                Assert.Equal(3, info.ArgCount);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void RootImageCopiesHostFilesWithTheirModeAndTime()
        {
            string file = Path.GetTempFileName();
            string path = Path.GetTempFileName();
            try
            {
                byte[] body = new byte[200_003];
                new System.Random(7).NextBytes(body);
                File.WriteAllBytes(file, body);
                File.SetLastWriteTimeUtc(file, new System.DateTime(2024, 1, 2, 3, 4, 5, System.DateTimeKind.Utc));
                ImageContent content = new ImageContent();
                Assert.Null(content.Add(ImageEntry.HostFile("/data/blob", file, body.Length, 0x180, ContentPriority.User, "--file")));
                Assert.Null(RootImage.Write(new ProgramLaunch("/p", new[] { "p" }, new string[0], false, false), content, path, 1 << 20));
                using KilnFsImage root = KilnFsImage.Open(path, out string? openError) ?? throw new Xunit.Sdk.XunitException(openError);
                KilnFsEntry blob = root.Find("/data/blob")!;
                Assert.Equal(body, root.ReadAllBytes(blob));
                Assert.Equal(0x8180u, blob.Mode);
                Assert.Equal(new System.DateTimeOffset(2024, 1, 2, 3, 4, 5, System.TimeSpan.Zero).ToUnixTimeSeconds() * 1_000_000_000, blob.ModifyTime);
            }
            finally
            {
                File.Delete(file);
                File.Delete(path);
            }
        }

        [Fact]
        public void ContentUnderKilnIsRefused()
        {
            ImageContent content = new ImageContent();
            Assert.Null(content.Add(ImageEntry.Bytes("/kiln/x", new byte[1], 0x1a4, ContentPriority.User, "--file x")));
            HostError? error = RootImage.Write(new ProgramLaunch("/p", new[] { "p" }, new string[0], false, false), content, Path.Combine(Path.GetTempPath(), "never.img"), 1 << 20);
            Assert.NotNull(error);
            Assert.Equal("--file x puts /kiln/x in the image, but /kiln is where kiln keeps the manifest", error!.Message);
        }

        [Fact]
        public void ArgumentWithNulCannotBePacked()
        {
            ProgramLaunch launch = new ProgramLaunch("/p", new[] { "p", "a\0b" }, new string[0], false, false);
            Assert.Null(ManifestBuilder.Build(launch, out HostError? error));
            Assert.NotNull(error);
        }

        [Theory]
        [InlineData("run ./p -e x", "run -- ./p", "-e x")]
        [InlineData("run -e A=1 -m 1G --trace ./p a b", "run -e A=1 -m 1G --trace -- ./p", "a b")]
        [InlineData("run --env=A=1 ./p --", "run --env=A=1 -- ./p", "--")]
        [InlineData("run -- -p x", "run -- -p", "x")]
        [InlineData("run --trace", "run --trace", "")]
        [InlineData("--version", "--version", "")]
        public void ProgramArgumentsAreSplitAtProgram(string line, string kiln, string program)
        {
            string[] parts = ArgumentSplitter.Split(line.Split(' '), out string[] programArguments, out string? error);
            Assert.Null(error);
            Assert.Equal(kiln, string.Join(' ', parts));
            Assert.Equal(program, string.Join(' ', programArguments));
        }
    }
}
