// Volumes on the host: parsing --volume values, where images live, creating an image once and reusing it, the manifest
// mount records, and (Given/When/Then) what a user sees for a bad --volume value or an unwritable volume directory.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Kiln.Cli.Tests.Support;
using Kiln.Host;
using Kiln.Host.Image;
using Kiln.Manifest;
using Xunit;

namespace Kiln.Cli.Tests.Host
{
    public sealed class VolumeTests : IClassFixture<ProgramFiles>, IDisposable
    {
        private const string UsageHint = "hint: run 'kiln --help' for usage\n";

        private readonly ProgramFiles _files;
        private readonly string _home = Path.Combine(Path.GetTempPath(), $"kiln-volumes-{Guid.NewGuid():N}");

        public VolumeTests(ProgramFiles files)
        {
            _files = files;
        }

        public void Dispose()
        {
            if (Directory.Exists(_home))
            {
                Directory.Delete(_home, recursive: true);
            }
        }

        [Theory]
        [InlineData("data:/data", "data", "/data", VolumeRequest.DefaultSizeBytes)]
        [InlineData("db-1.x:/var/lib/db/:64M", "db-1.x", "/var/lib/db", 64L << 20)]
        [InlineData("big:/big:2G", "big", "/big", 2L << 30)]
        [InlineData("b:/b:16777216", "b", "/b", 16L << 20)]
        public void GoodValuesParse(string text, string name, string path, long size)
        {
            Assert.True(VolumeRequest.TryParse(text, out VolumeRequest? request, out string reason), reason);
            Assert.Equal(new VolumeRequest(name, path, size), request);
        }

        [Theory]
        [InlineData("data", "expected NAME:/PATH or NAME:/PATH:SIZE")]
        [InlineData("a:/b:1G:x", "expected NAME:/PATH or NAME:/PATH:SIZE")]
        [InlineData(":/data", "a volume name has 1 to 32 characters")]
        [InlineData("a23456789012345678901234567890123:/d", "a volume name has 1 to 32 characters")]
        [InlineData("my data:/d", "the volume name 'my data' may hold only letters, digits, '.', '_' and '-'")]
        [InlineData(".hidden:/d", "the volume name '.hidden' must not start with '.'")]
        [InlineData("root:/d", "'root' is the name of the image's own file system")]
        [InlineData("data:relative", "the mount point 'relative' must be an absolute path other than /")]
        [InlineData("data:/", "the mount point '/' must be an absolute path other than /")]
        [InlineData("data:/d:4M", "invalid size '4M': expected a number of bytes, or one with K, M, G or T, of at least 8M")]
        [InlineData("data:/d:lots", "invalid size 'lots': expected a number of bytes, or one with K, M, G or T, of at least 8M")]
        public void BadValuesSayWhy(string text, string expected)
        {
            Assert.False(VolumeRequest.TryParse(text, out _, out string reason));
            Assert.Equal(expected, reason);
        }

        [Fact]
        public void ImagesLiveUnderKilnHomeOrTheUsersHome()
        {
            Assert.Equal("/k/volumes", Volumes.Directory("/k", "/home/u"));
            Assert.Equal("/home/u/.kiln/volumes", Volumes.Directory(null, "/home/u"));
            Assert.Equal("/home/u/.kiln/volumes", Volumes.Directory("", "/home/u"));
        }

        [Fact]
        public void AVolumeIsCreatedOnceAsAnEmptyLabelledKilnFsDiskAndThenReused()
        {
            string directory = Volumes.Directory(_home, null);
            VolumeRequest request = new VolumeRequest("data", "/data", 16L << 20);

            var first = Volumes.Prepare(new[] { request }, directory, out HostError? error);
            Assert.Null(error);
            string image = Path.Combine(directory, "data.img");
            Assert.Equal(new QemuDisk(image, false, DiskBus.VirtioBlk), first![0].Disk);
            Assert.Equal("data:/data", first[0].Mount);
            Assert.Equal(16L << 20, new FileInfo(image).Length);
            using (KilnFsImage? opened = KilnFsImage.Open(image, out string? openError))
            {
                Assert.True(opened != null, openError);
                Assert.Equal("data", opened!.Label);
            }

            File.SetLastWriteTimeUtc(image, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            var second = Volumes.Prepare(new[] { request with { SizeBytes = 1L << 30 } }, directory, out error);
            Assert.Null(error);
            Assert.Equal(16L << 20, new FileInfo(image).Length);
            Assert.Equal(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(image));
        }

        [Fact]
        public void TheSameNameOrMountPointTwiceIsRefused()
        {
            string directory = Volumes.Directory(_home, null);
            Volumes.Prepare(new[] { new VolumeRequest("a", "/a", 16L << 20), new VolumeRequest("a", "/b", 16L << 20) }, directory, out HostError? error);
            Assert.Equal("the volume 'a' is named twice", error!.Message);
            Volumes.Prepare(new[] { new VolumeRequest("a", "/x", 16L << 20), new VolumeRequest("b", "/x", 16L << 20) }, directory, out error);
            Assert.Equal("two volumes are mounted on /x", error!.Message);
        }

        [Fact]
        public void MountsBecomeManifestRecords()
        {
            ProgramLaunch launch = new ProgramLaunch("/p", new[] { "p" }, Array.Empty<string>(), false, false, Mounts: new[] { "data:/data", "logs:/var/log" });

            byte[]? manifest = ManifestBuilder.Build(launch, out HostError? error);

            Assert.Null(error);
            List<string> mounts = new List<string>();
            ManifestReader reader = new ManifestReader(manifest);
            while (reader.MoveNext(out ManifestRecord record))
            {
                if (record.Key == ManifestKey.Mount)
                {
                    mounts.Add(Encoding.UTF8.GetString(record.Value));
                }
            }

            Assert.Equal(new[] { "data:/data", "logs:/var/log" }, mounts);
        }

        [Fact]
        public void Given_a_bad_volume_value_When_run_Then_the_error_names_it_and_why()
        {
            CliResult result = KilnProcess.Run(new[] { "run", "--volume", "data", _files.StaticProgram });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: invalid --volume value 'data': expected NAME:/PATH or NAME:/PATH:SIZE\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_a_bad_name_in_the_configs_Mounts_When_run_Then_the_error_names_the_entry_and_the_file()
        {
            Directory.CreateDirectory(_home);
            File.WriteAllText(Path.Combine(_home, "config.json"), "{ \"Mounts\": { \"my data\": \"/data\" } }");
            CliResult result = KilnProcess.Run(new[] { "run", _files.StaticProgram }, workingDirectory: _home);
            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("kiln: error: invalid Mounts entry 'my data' in ", result.Stderr);
            Assert.Contains("config.json: the volume name 'my data' may hold only letters, digits, '.', '_' and '-'\n", result.Stderr);
        }

        [Fact]
        public void Given_a_volume_directory_that_cannot_be_made_When_run_Then_it_says_where_and_what_to_do()
        {
            File.WriteAllText(_home, "a file where the directory should be");
            try
            {
                CliResult result = KilnProcess.Run(
                    new[] { "run", "--accel", "tcg", "--volume", "data:/data", _files.StaticProgram },
                    new Dictionary<string, string> { ["KILN_HOME"] = _home });
                Assert.Equal(1, result.ExitCode);
                string image = Path.Combine(_home, "volumes", "data.img");
                Assert.StartsWith($"kiln: error: cannot create the volume image {image}: ", result.Stderr);
                Assert.EndsWith($"hint: check that {Path.Combine(_home, "volumes")} is writable, or set KILN_HOME\n", result.Stderr);
            }
            finally
            {
                File.Delete(_home);
            }
        }
    }
}
