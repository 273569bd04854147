// Tests of the host library's pure decisions: accelerator choice, the QEMU command line, the exit status protocol,
// the initrd's contents and the split of kiln's arguments from the program's.

using System.Collections.Generic;
using System.IO;
using System.Text;
using Kiln.Cpio;
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
            QemuOptions options = new QemuOptions("/usr/bin/qemu-system-x86_64", Accelerator.Tcg, 256, "/q.rom", "/k.elf", "/i.cpio");
            Assert.Equal(
                "-machine q35 -cpu max -m 256M -smp 1 -accel tcg -bios /q.rom -kernel /k.elf -initrd /i.cpio -display none " +
                "-monitor none -no-reboot -nodefaults -serial stdio -chardev file,id=kerr,path=/dev/stderr,append=on " +
                "-serial chardev:kerr -device isa-debug-exit,iobase=0xf4,iosize=0x04",
                string.Join(' ', QemuCommandLine.Build(options)));
        }

        [Fact]
        public void QemuCommandLineUnderKvmUsesTheHostCpu()
        {
            QemuOptions options = new QemuOptions("q", Accelerator.Kvm, 1024, "b", "k", "i");
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
        public void InitrdHoldsTheManifestThenEveryEntryWithItsMode()
        {
            byte[] image = { 0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3 };
            ImageContent content = new ImageContent();
            Assert.Null(content.Add(ImageEntry.Bytes("/work/build/hello", image, 0x1ed, ContentPriority.System, "the program")));
            Assert.Null(content.Add(ImageEntry.Symlink("/work/latest", "build/hello", ContentPriority.System, "link")));
            ProgramLaunch launch = new ProgramLaunch("/work/build/hello", new[] { "./build/hello", "-e", "x" }, new[] { "A=1" }, true, false, "/work");
            byte[] initrd = InitrdBuilder.Build(launch, content, out HostError? error)!;
            Assert.Null(error);

            CpioReader reader = new CpioReader(initrd);
            List<string> names = new List<string>();
            while (reader.MoveNext(out CpioEntry entry))
            {
                names.Add(Encoding.UTF8.GetString(entry.Name) + " " + System.Convert.ToString(entry.Mode, 8));
            }

            Assert.Equal(CpioError.None, reader.Error);
            Assert.Equal(new[] { "kiln/manifest 100644", "work 40755", "work/build 40755", "work/build/hello 100755", "work/latest 120777" }, names);
            Assert.Equal(CpioError.None, CpioReader.Find(initrd, "work/build/hello", out CpioEntry program));
            Assert.Equal(image, program.Data.ToArray());
            Assert.Equal(CpioError.None, CpioReader.Find(initrd, "work/latest", out CpioEntry link));
            Assert.Equal("build/hello", Encoding.UTF8.GetString(link.Data));
            Assert.Equal(CpioError.None, CpioReader.Find(initrd, InitrdBuilder.ManifestName, out CpioEntry manifest));
            Assert.Equal(
                "program=/work/build/hello\0arg=./build/hello\0arg=-e\0arg=x\0env=A=1\0trace=1\0syscall-summary=0\0cwd=/work\0",
                Encoding.UTF8.GetString(manifest.Data));
            Assert.Equal(ManifestError.None, ManifestReader.Validate(manifest.Data, out ManifestInfo info));
            Assert.Equal(3, info.ArgCount);
        }

        [Fact]
        public void InitrdStreamsHostFilesAndCpioReadsThemBack()
        {
            string file = Path.GetTempFileName();
            try
            {
                byte[] body = new byte[200_003];
                new System.Random(7).NextBytes(body);
                File.WriteAllBytes(file, body);
                ImageContent content = new ImageContent();
                Assert.Null(content.Add(ImageEntry.HostFile("/data/blob", file, body.Length, 0x180, ContentPriority.User, "--file")));
                byte[] initrd = InitrdBuilder.Build(new ProgramLaunch("/p", new[] { "p" }, new string[0], false, false), content, out HostError? error)!;
                Assert.Null(error);
                Assert.Equal(CpioError.None, CpioReader.Find(initrd, "data/blob", out CpioEntry entry));
                Assert.Equal(body, entry.Data.ToArray());
                Assert.Equal(0x8180u, entry.Mode);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void ArgumentWithNulCannotBePacked()
        {
            ProgramLaunch launch = new ProgramLaunch("/p", new[] { "p", "a\0b" }, new string[0], false, false);
            Assert.Null(InitrdBuilder.Build(launch, new ImageContent(), out HostError? error));
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
