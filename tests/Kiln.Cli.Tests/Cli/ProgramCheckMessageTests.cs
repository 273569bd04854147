// Given/When/Then tests of what a user sees when kiln run is given something it cannot run. None of these boot QEMU:
// every error here comes before the VM starts, so they pass without a built kernel.

using System.Collections.Generic;
using System.IO;
using Kiln.Cli.Tests.Support;
using Xunit;

namespace Kiln.Cli.Tests.Cli
{
    public sealed class ProgramCheckMessageTests : IClassFixture<ProgramFiles>
    {
        private readonly ProgramFiles _files;

        public ProgramCheckMessageTests(ProgramFiles files)
        {
            _files = files;
        }

        [Fact]
        public void Given_a_path_that_does_not_exist_When_run_Then_the_error_names_the_path()
        {
            string missing = Path.Combine(_files.Directory, "no-such-program");
            CliResult result = KilnProcess.Run(new[] { "run", missing });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: no such file: {missing}\n", result.Stderr);
            Assert.Equal("", result.Stdout);
        }

        [Fact]
        public void Given_a_directory_When_run_Then_it_says_it_is_a_directory()
        {
            CliResult result = KilnProcess.Run(new[] { "run", _files.EmptyPath });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: {_files.EmptyPath} is a directory, not a program\n", result.Stderr);
        }

        [Fact]
        public void Given_a_text_file_When_run_Then_it_says_it_is_not_an_ELF_executable()
        {
            CliResult result = KilnProcess.Run(new[] { "run", _files.TextFile });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(
                $"kiln: error: {_files.TextFile} is not an ELF executable\n" +
                "hint: kiln runs compiled Linux x86-64 programs, not scripts or data files\n",
                result.Stderr);
        }

        [Fact]
        public void Given_a_32_bit_program_When_run_Then_it_says_Kiln_runs_x86_64_programs()
        {
            CliResult result = KilnProcess.Run(new[] { "run", _files.ThirtyTwoBit });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: {_files.ThirtyTwoBit} is a 32-bit program; Kiln runs x86-64 programs\n", result.Stderr);
        }

        [Fact]
        public void Given_an_AArch64_program_When_run_Then_it_names_the_machine()
        {
            CliResult result = KilnProcess.Run(new[] { "run", _files.Arm64 });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: {_files.Arm64} is built for AArch64; Kiln runs x86-64 programs\n", result.Stderr);
        }

        [Fact]
        public void Given_a_dynamically_linked_program_When_run_Then_it_names_the_interpreter_and_how_to_build_static()
        {
            CliResult result = KilnProcess.Run(new[] { "run", "/bin/true" });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(
                "kiln: error: /bin/true is dynamically linked (needs /lib64/ld-linux-x86-64.so.2); Kiln runs static " +
                "programs for now — build with -static, or CGO_ENABLED=0 for Go\n",
                result.Stderr);
        }

        [Fact]
        public void Given_no_QEMU_on_PATH_When_run_Then_it_says_how_to_install_it()
        {
            string bin = Path.Combine(_files.Directory, "bin-without-qemu");
            Directory.CreateDirectory(bin);
            string link = Path.Combine(bin, "dotnet");
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, KilnProcess.DotnetPath);
            }

            CliResult result = KilnProcess.Run(new[] { "run", _files.StaticProgram }, new Dictionary<string, string> { ["PATH"] = bin });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(
                "kiln: error: QEMU is not installed: run `sudo apt-get install qemu-system-x86` (Debian/Ubuntu)\n",
                result.Stderr);
        }

        [Fact]
        public void Given_KILN_KERNEL_pointing_nowhere_When_run_Then_it_names_the_variable()
        {
            string qemuDirectory = Path.Combine(_files.Directory, "bin-with-fake-qemu");
            Directory.CreateDirectory(qemuDirectory);
            File.WriteAllText(Path.Combine(qemuDirectory, "qemu-system-x86_64"), "#!/bin/sh\nexit 99\n");
            Dictionary<string, string> environment = new Dictionary<string, string>
            {
                ["PATH"] = qemuDirectory,
                ["KILN_KERNEL"] = "/nonexistent/kiln-kernel.elf",
            };

            CliResult result = KilnProcess.Run(new[] { "run", _files.StaticProgram }, environment);
            Assert.Equal(1, result.ExitCode);
            Assert.Equal("kiln: error: kernel not found: KILN_KERNEL is /nonexistent/kiln-kernel.elf, which does not exist\n", result.Stderr);
        }
    }
}
