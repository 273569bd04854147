// Given/When/Then tests of `kiln build` (the image it writes holds the program, the manifest with the arguments, and
// the volumes to mount) and of the messages of `kiln build` and `kiln run IMAGE`.

using System;
using System.IO;
using System.Text;
using Kiln.Cli.Tests.Support;
using Kiln.Host.Image;
using Xunit;

namespace Kiln.Cli.Tests.Cli
{
    public sealed class BuildCommandTests : IClassFixture<ProgramFiles>, IDisposable
    {
        private readonly ProgramFiles _files;
        private readonly string _directory = Directory.CreateTempSubdirectory("kiln-build-test-").FullName;

        public BuildCommandTests(ProgramFiles files)
        {
            _files = files;
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        [Fact]
        public void Given_a_program_When_built_Then_the_image_holds_it_and_its_manifest()
        {
            string image = Path.Combine(_directory, "app.img");
            CliResult result = KilnProcess.Run(new[] { "build", "-o", image, "--volume", "data:/data", "-e", "A=1", _files.StaticProgram, "x", "-o" });
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.StartsWith($"kiln: wrote {image}: ", result.Stderr);

            using KilnFsImage root = KilnFsImage.Open(image, out string? error) ?? throw new Xunit.Sdk.XunitException(error);
            KilnFsEntry program = root.Find(_files.StaticProgram)!;
            Assert.Equal(File.ReadAllBytes(_files.StaticProgram), root.ReadAllBytes(program));
            string manifest = Encoding.UTF8.GetString(root.ReadAllBytes(root.Find("/kiln/manifest")!));
            Assert.Contains($"program={_files.StaticProgram}\0", manifest);
            Assert.Contains("\0arg=x\0arg=-o\0", manifest);
            Assert.Contains("env=A=1\0", manifest);
            Assert.Contains("mount=data:/data\0", manifest);
        }

        [Fact]
        public void Given_no_output_When_built_Then_the_image_is_named_after_the_program()
        {
            CliResult result = KilnProcess.Run(new[] { "build", _files.StaticProgram }, workingDirectory: _directory);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.True(File.Exists(Path.Combine(_directory, Path.GetFileName(_files.StaticProgram) + ".img")));
        }

        [Fact]
        public void Given_no_program_When_built_Then_it_says_what_is_missing()
        {
            CliResult result = KilnProcess.Run(new[] { "build", "-o", "x.img" });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: missing PROGRAM: kiln build [OPTIONS] PROGRAM [ARGS...]\nhint: run 'kiln --help' for usage\n", result.Stderr);
        }

        [Fact]
        public void Given_a_built_image_When_run_with_arguments_Then_it_says_they_are_fixed()
        {
            string image = Path.Combine(_directory, "app.img");
            Assert.Equal(0, KilnProcess.Run(new[] { "build", "-o", image, _files.StaticProgram }).ExitCode);
            CliResult result = KilnProcess.Run(new[] { "run", image, "extra" });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"kiln: error: {image} is a built image: its program, arguments, environment, files and volumes are fixed in it; change them with kiln build\nhint: run 'kiln --help' for usage\n", result.Stderr);
        }

        [Fact]
        public void Given_an_unknown_option_When_built_Then_it_names_the_command()
        {
            CliResult result = KilnProcess.Run(new[] { "build", "--bogus", _files.StaticProgram });
            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("kiln: error: unknown option '--bogus' for 'kiln build'", result.Stderr);
        }
    }
}
