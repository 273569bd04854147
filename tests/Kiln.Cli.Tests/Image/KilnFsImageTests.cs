// The host image writer and reader together: what the builder puts in (directories, files from disk and from
// memory, symlinks, empty and multi-block files) the reader finds again with the same bytes, modes and link counts;
// volumes start empty and consistent.

using System;
using System.IO;
using System.Linq;
using System.Text;
using Kiln.Host.Image;
using Xunit;

namespace Kiln.Cli.Tests.Image
{
    public sealed class KilnFsImageTests : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("kiln-image-test-").FullName;

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        [Fact]
        public void What_the_builder_writes_the_reader_finds()
        {
            string hostFile = Path.Combine(_directory, "big.bin");
            byte[] big = new byte[3 * 4096 + 123];
            new Random(5).NextBytes(big);
            File.WriteAllBytes(hostFile, big);
            long mtime = 1_700_000_000_123_000_000;

            KilnFsImageBuilder builder = new KilnFsImageBuilder("root");
            builder.AddFile("/usr/lib/big.bin", hostFile, 0x1ed, mtime);
            builder.AddFile("/etc/hosts", Encoding.ASCII.GetBytes("127.0.0.1 localhost\n"));
            builder.AddFile("/empty", Array.Empty<byte>());
            builder.AddSymlink("/lib64", "usr/lib");
            builder.AddDirectory("/tmp", 0x3ff);
            string imagePath = Path.Combine(_directory, "root.img");
            builder.Write(imagePath, 8 << 20);

            using KilnFsImage image = KilnFsImage.Open(imagePath, out string? error) ?? throw new Xunit.Sdk.XunitException(error);
            Assert.Equal("root", image.Label);
            Assert.Equal(0, image.Inconsistencies);
            Assert.Equal(1UL, image.LogEnd.Transactions);

            KilnFsEntry file = image.Find("/usr/lib/big.bin")!;
            Assert.Equal(0x81edu, file.Mode);
            Assert.Equal(mtime, file.ModifyTime);
            Assert.Equal(big, image.ReadAllBytes(file));
            Assert.Equal("127.0.0.1 localhost\n", Encoding.ASCII.GetString(image.ReadAllBytes(image.Find("/etc/hosts")!)));
            Assert.Empty(image.ReadAllBytes(image.Find("/empty")!));
            Assert.Equal("usr/lib", image.Find("/lib64")!.SymlinkTarget);
            Assert.Same(file, image.Find("/lib64/big.bin"));
            Assert.Equal(0x43ffu, image.Find("/tmp")!.Mode);

            // Directories count "." and each subdirectory's "..": / holds usr, etc, tmp.
            Assert.Equal(5u, image.Root.LinkCount);
            Assert.Equal(new[] { "empty", "etc", "lib64", "tmp", "usr" }, image.List(image.Root).Select(e => e.Name));
        }

        [Fact]
        public void Final_symlinks_are_followed_on_request_and_loops_end()
        {
            KilnFsImageBuilder builder = new KilnFsImageBuilder("root");
            builder.AddFile("/usr/bin/tool3.1", Encoding.ASCII.GetBytes("x"), 0x1ed);
            builder.AddSymlink("/usr/bin/tool3", "tool3.1");
            builder.AddSymlink("/bin", "usr/bin");
            builder.AddSymlink("/loop1", "loop2");
            builder.AddSymlink("/loop2", "/loop1");
            string imagePath = Path.Combine(_directory, "links.img");
            builder.Write(imagePath, 1 << 20);

            using KilnFsImage image = KilnFsImage.Open(imagePath, out string? error) ?? throw new Xunit.Sdk.XunitException(error);
            Assert.True(image.Find("/bin/tool3")!.IsSymlink);
            Assert.Same(image.Find("/usr/bin/tool3.1"), image.Find("/bin/tool3", followFinal: true));
            Assert.True(image.Find("/loop1")!.IsSymlink);
            Assert.Null(image.Find("/loop1", followFinal: true));
        }

        [Fact]
        public void A_new_volume_is_empty_and_sized_as_asked()
        {
            string path = Path.Combine(_directory, "data.img");
            KilnFsImageBuilder.CreateEmpty(path, "data", 256L << 20);
            long size = new FileInfo(path).Length;
            Assert.InRange(size, 255L << 20, 260L << 20);

            using KilnFsImage image = KilnFsImage.Open(path, out string? error) ?? throw new Xunit.Sdk.XunitException(error);
            Assert.Equal("data", image.Label);
            Assert.Empty(image.List(image.Root));
            Assert.Equal(512u, image.Superblock.LogBlocks);
        }

        [Fact]
        public void A_file_that_is_not_an_image_is_named_in_the_error()
        {
            string path = Path.Combine(_directory, "not-an-image");
            File.WriteAllBytes(path, new byte[64 * 1024]);
            Assert.Null(KilnFsImage.Open(path, out string? error));
            Assert.Contains(path, error);
            Assert.Contains("not a Kiln disk image", error);
        }

        [Fact]
        public void A_path_added_as_file_and_directory_is_refused()
        {
            KilnFsImageBuilder builder = new KilnFsImageBuilder("root");
            builder.AddFile("/a/b", Array.Empty<byte>());
            ArgumentException error = Assert.Throws<ArgumentException>(() => builder.AddFile("/a/b/c", Array.Empty<byte>()));
            Assert.Contains("/a/b", error.Message);
        }
    }
}
