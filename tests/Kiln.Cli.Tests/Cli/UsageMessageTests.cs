// Given/When/Then tests of kiln's command-line usage errors (exit code 2), --help and --version.

using Kiln.Cli.Tests.Support;
using Xunit;

namespace Kiln.Cli.Tests.Cli
{
    public sealed class UsageMessageTests : IClassFixture<ProgramFiles>
    {
        private const string UsageHint = "hint: run 'kiln --help' for usage\n";

        private readonly ProgramFiles _files;

        public UsageMessageTests(ProgramFiles files)
        {
            _files = files;
        }

        [Theory]
        [InlineData("12X")]
        [InlineData("lots")]
        [InlineData("-1G")]
        public void Given_a_bad_memory_size_When_run_Then_the_error_names_the_value(string value)
        {
            CliResult result = KilnProcess.Run(new[] { "run", "-m", value, _files.StaticProgram });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"kiln: error: invalid --memory value '{value}': use a number with a unit, e.g. 256M or 1G\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_too_little_memory_When_run_Then_it_says_the_minimum()
        {
            CliResult result = KilnProcess.Run(new[] { "run", "--memory", "8M", _files.StaticProgram });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: invalid --memory value '8M': Kiln needs at least 32M\n" + UsageHint, result.Stderr);
        }

        [Theory]
        [InlineData("FOO")]
        [InlineData("=bar")]
        public void Given_an_env_value_without_a_name_and_equals_sign_When_run_Then_the_error_names_the_value(string value)
        {
            CliResult result = KilnProcess.Run(new[] { "run", "-e", value, _files.StaticProgram });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"kiln: error: invalid --env value '{value}': expected KEY=VALUE\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_an_unknown_accelerator_When_run_Then_it_lists_the_choices()
        {
            CliResult result = KilnProcess.Run(new[] { "run", "--accel", "hvf", _files.StaticProgram });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: invalid --accel value 'hvf': expected auto, kvm or tcg\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_an_unknown_option_before_the_program_When_run_Then_it_is_named()
        {
            CliResult result = KilnProcess.Run(new[] { "run", "--bogus", _files.StaticProgram });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: unknown option '--bogus' for 'kiln run'\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_an_unknown_top_level_option_When_kiln_runs_Then_it_is_named()
        {
            CliResult result = KilnProcess.Run(new[] { "--bogus" });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: unknown option '--bogus'\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_an_unknown_command_When_kiln_runs_Then_it_is_named()
        {
            CliResult result = KilnProcess.Run(new[] { "launch" });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: unknown command 'launch'\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_no_arguments_When_kiln_runs_Then_it_says_how_to_run_a_program()
        {
            CliResult result = KilnProcess.Run(new string[0]);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: no command given; to run a program: kiln run PROGRAM [ARGS...]\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_run_without_a_program_When_kiln_runs_Then_it_says_PROGRAM_is_missing()
        {
            CliResult result = KilnProcess.Run(new[] { "run", "--trace" });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: missing PROGRAM: kiln run [OPTIONS] PROGRAM [ARGS...]\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_options_after_the_program_When_run_Then_they_belong_to_the_program()
        {
            // "-m bogus" after PROGRAM is the program's; kiln must not reject it as a bad memory size.
            CliResult result = KilnProcess.Run(new[] { "run", "/nonexistent/kiln-prog", "-m", "bogus", "--frobnicate" });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal("kiln: error: no such file: /nonexistent/kiln-prog\n", result.Stderr);
        }

        [Fact]
        public void Given_version_flag_When_kiln_runs_Then_it_prints_the_version()
        {
            CliResult result = KilnProcess.Run(new[] { "--version" });
            Assert.Equal(0, result.ExitCode);
            Assert.Matches(@"^\d+\.\d+\.\d+\n$", result.Stdout);
        }

        [Fact]
        public void Given_help_for_run_When_kiln_runs_Then_every_option_is_described()
        {
            CliResult result = KilnProcess.Run(new[] { "run", "--help" });
            Assert.Equal(0, result.ExitCode);
            foreach (string option in new[] { "--env", "--memory", "--trace", "--syscall-summary", "--accel", "--file", "--dir", "--mapdir", "--config", "PROGRAM" })
            {
                Assert.Contains(option, result.Stdout);
            }
        }
    }
}
