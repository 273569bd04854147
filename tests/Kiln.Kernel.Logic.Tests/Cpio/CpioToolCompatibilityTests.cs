// Compatibility of our cpio newc reader and writer with GNU cpio, the tool initramfs archives are usually made with.

using System;
using System.IO;
using System.Text;
using Kiln.Cpio;
using Kiln.Kernel.Logic.Tests.Support;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Cpio
{
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public sealed class CpioToolCompatibilityTests : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "kiln-cpio-" + Guid.NewGuid().ToString("N"));

        public CpioToolCompatibilityTests()
        {
            Directory.CreateDirectory(_directory);
        }

        public void Dispose()
        {
            Directory.Delete(_directory, recursive: true);
        }

        [Fact]
        public void ReaderReadsGnuCpioOutput()
        {
            Directory.CreateDirectory(Path.Combine(_directory, "kiln"));
            File.WriteAllText(Path.Combine(_directory, "hello"), "abc");
            File.WriteAllText(Path.Combine(_directory, "kiln", "manifest"), "program=/hello\0");
            File.WriteAllBytes(Path.Combine(_directory, "empty"), new byte[0]);

            byte[] archive = Tool.RunForBytes("cpio", "-o -H newc --quiet", _directory, "hello\nkiln\nkiln/manifest\nempty\n");

            Assert.Equal(CpioError.None, CpioReader.Find(archive, "hello", out CpioEntry hello));
            Assert.Equal("abc", Encoding.ASCII.GetString(hello.Data));
            Assert.True(hello.IsRegularFile);
            Assert.Equal(CpioError.None, CpioReader.Find(archive, "/kiln/manifest", out CpioEntry manifest));
            Assert.Equal("program=/hello\0", Encoding.ASCII.GetString(manifest.Data));
            Assert.Equal(CpioError.None, CpioReader.Find(archive, "kiln", out CpioEntry directory));
            Assert.True(directory.IsDirectory);
            Assert.Equal(CpioError.None, CpioReader.Find(archive, "empty", out CpioEntry empty));
            Assert.True(empty.Data.IsEmpty);
        }

        [Fact]
        public void GnuCpioListsAndExtractsOurOutput()
        {
            byte[] program = new byte[1001];
            new Random(7).NextBytes(program);
            byte[] archive = ArchiveBuilder.Build(
                ("hello", 0x81ed, program),
                ("kiln", CpioFormat.S_IFDIR | 0x1ed, new byte[0]),
                ("kiln/manifest", 0x81a4, Encoding.ASCII.GetBytes("program=/hello\0")));
            string archivePath = Path.Combine(_directory, "initrd.cpio");
            File.WriteAllBytes(archivePath, archive);

            (int listExit, string listing) = Tool.Run("cpio", $"-t --quiet -F {archivePath}", _directory);
            Assert.Equal(0, listExit);
            Assert.Equal(new[] { "hello", "kiln", "kiln/manifest" }, listing.Trim().Split('\n'));

            string extractDir = Path.Combine(_directory, "x");
            Directory.CreateDirectory(extractDir);
            (int extractExit, string log) = Tool.Run("cpio", $"-i -d --quiet -F {archivePath}", extractDir);
            Assert.True(extractExit == 0, log);
            Assert.Equal(program, File.ReadAllBytes(Path.Combine(extractDir, "hello")));
            Assert.Equal("program=/hello\0", File.ReadAllText(Path.Combine(extractDir, "kiln", "manifest")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                File.GetUnixFileMode(Path.Combine(extractDir, "hello")));
        }
    }
}
