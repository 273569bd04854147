// Given/When/Then tests of `kiln image ls` and `kiln image cat` over an image the host writer made, and their errors.

using System;
using System.IO;
using System.Text;
using Kiln.Cli.Tests.Support;
using Kiln.Host.Image;
using Xunit;

namespace Kiln.Cli.Tests.Cli
{
    public sealed class ImageCommandTests : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("kiln-image-cli-").FullName;
        private readonly string _image;

        public ImageCommandTests()
        {
            KilnFsImageBuilder builder = new KilnFsImageBuilder("root");
            builder.AddFile("/etc/hosts", Encoding.ASCII.GetBytes("127.0.0.1 localhost\n"));
            builder.AddFile("/app/run.sh", Encoding.ASCII.GetBytes("#!/bin/sh\n"), 0x1ed);
            builder.AddSymlink("/app/hosts", "/etc/hosts");
            _image = Path.Combine(_directory, "app.img");
            builder.Write(_image, 1 << 20);
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        [Fact]
        public void Given_an_image_When_ls_Then_each_entry_is_listed_like_ls_l()
        {
            CliResult result = KilnProcess.Run(new[] { "image", "ls", _image, "/app" });
            Assert.Equal(0, result.ExitCode);
            string[] lines = result.Stdout.TrimEnd('\n').Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("lrwxrwxrwx ", lines[0]);
            Assert.EndsWith(" hosts -> /etc/hosts", lines[0]);
            Assert.StartsWith("-rwxr-xr-x ", lines[1]);
            Assert.EndsWith(" run.sh", lines[1]);
            Assert.Contains("         10 ", lines[1]);
        }

        [Fact]
        public void Given_an_image_When_ls_json_Then_entries_are_objects()
        {
            CliResult result = KilnProcess.Run(new[] { "image", "ls", "--json", _image });
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("\"name\": \"app\"", result.Stdout);
            Assert.Contains("\"type\": \"directory\"", result.Stdout);
        }

        [Fact]
        public void Given_an_image_When_cat_through_a_symlink_Then_the_bytes_come_out()
        {
            CliResult result = KilnProcess.Run(new[] { "image", "cat", _image, "/app/hosts" });
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("127.0.0.1 localhost\n", result.Stdout);
        }

        [Fact]
        public void Given_a_missing_path_When_cat_Then_the_error_names_it()
        {
            CliResult result = KilnProcess.Run(new[] { "image", "cat", _image, "/nope" });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: /nope: no such file in {_image}\n", result.Stderr);
        }

        [Fact]
        public void Given_a_directory_When_cat_Then_it_says_to_list_it()
        {
            CliResult result = KilnProcess.Run(new[] { "image", "cat", _image, "/app" });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: /app in {_image} is not a regular file\nhint: list it with: kiln image ls {_image} /app\n", result.Stderr);
        }

        [Fact]
        public void Given_a_file_that_is_no_image_When_ls_Then_the_error_names_it()
        {
            string bogus = Path.Combine(_directory, "bogus.img");
            File.WriteAllBytes(bogus, new byte[32768]);
            CliResult result = KilnProcess.Run(new[] { "image", "ls", bogus });
            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith($"kiln: error: {bogus} is not a Kiln disk image", result.Stderr);
        }

        [Fact]
        public void Given_a_missing_image_When_ls_Then_the_error_names_the_path()
        {
            CliResult result = KilnProcess.Run(new[] { "image", "ls", "/no/such.img" });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal("kiln: error: /no/such.img: no such file\n", result.Stderr);
        }
    }
}
