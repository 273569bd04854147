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
                "hint: kiln runs compiled Linux x86-64 programs and #! scripts, not data files\n",
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
        public void Given_a_program_whose_library_is_gone_When_run_Then_it_says_what_ld_so_would_and_where_it_looked()
        {
            CliResult result = KilnProcess.Run(new[] { "run", _files.MissingLibraryProgram });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(
                $"kiln: error: {_files.MissingLibraryProgram}: error while loading shared libraries: libkilngone.so: cannot open " +
                "shared object file (searched ld.so.cache, /lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu, /lib64, /usr/lib64, /lib, /usr/lib)\n" +
                "hint: install it on the host, or point -e LD_LIBRARY_PATH=DIR at its directory\n",
                result.Stderr);
        }

        [Fact]
        public void Given_LD_LIBRARY_PATH_in_the_environment_When_run_Then_the_search_includes_it()
        {
            CliResult result = KilnProcess.Run(new[] { "run", "-e", "LD_LIBRARY_PATH=/nonexistent/kiln-libs", _files.MissingLibraryProgram });
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("(searched /nonexistent/kiln-libs, ld.so.cache, /lib/x86_64-linux-gnu,", result.Stderr);
        }

        [Fact]
        public void Given_a_program_whose_ELF_interpreter_is_missing_When_run_Then_it_names_the_interpreter()
        {
            CliResult result = KilnProcess.Run(new[] { "run", _files.MissingInterpreterProgram });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(
                $"kiln: error: {_files.MissingInterpreterProgram} needs the ELF interpreter /nonexistent/ld-kiln.so.1, which is not on this host\n" +
                "hint: install the C library the program was built for, or build it with -static\n",
                result.Stderr);
        }

        [Fact]
        public void Given_a_script_whose_interpreter_is_missing_When_run_Then_it_names_the_interpreter()
        {
            string script = Path.Combine(_files.Directory, "gone.sh");
            File.WriteAllText(script, "#!/nonexistent/kiln-sh -e\necho hi\n");
            CliResult result = KilnProcess.Run(new[] { "run", script });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: {script} names the interpreter /nonexistent/kiln-sh in its #! line, which is not on this host\n", result.Stderr);
        }

        [Fact]
        public void Given_an_env_script_whose_command_is_not_on_PATH_When_run_Then_it_names_the_PATH_searched()
        {
            string script = Path.Combine(_files.Directory, "env.sh");
            File.WriteAllText(script, "#!/usr/bin/env kiln-no-such-tool\n");
            CliResult result = KilnProcess.Run(new[] { "run", "-e", "PATH=/nonexistent/bin", script });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: {script} runs 'kiln-no-such-tool' through /usr/bin/env, and no kiln-no-such-tool is on the PATH /nonexistent/bin\n", result.Stderr);
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
