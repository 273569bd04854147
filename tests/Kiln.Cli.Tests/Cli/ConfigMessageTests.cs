// Given/When/Then tests of kiln's config file and image-content options: every error names the file, the key path and
// the line, or the path that is missing. None of these boot QEMU.

using System.Collections.Generic;
using System.IO;
using Kiln.Cli.Tests.Support;
using Xunit;

namespace Kiln.Cli.Tests.Cli
{
    public sealed class ConfigMessageTests : IClassFixture<ProgramFiles>
    {
        private readonly ProgramFiles _files;

        public ConfigMessageTests(ProgramFiles files)
        {
            _files = files;
        }

        [Fact]
        public void Given_a_missing_config_file_When_run_Then_it_names_the_path()
        {
            string missing = Path.Combine(_files.Directory, "nope.json");
            CliResult result = KilnProcess.Run(new[] { "run", "--config", missing, _files.StaticProgram });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"kiln: error: config file not found: {missing}\n", result.Stderr);
        }

        [Theory]
        [InlineData("{\n  \"Args\": [\"a\"],\n  \"Cpus\": 2\n}\n", "3: unknown key 'Cpus'")]
        [InlineData("{\n  \"RunConfig\": {\n    \"Memory\": \"1G\",\n    \"Cpus\": 4\n  }\n}\n", "4: unknown key 'RunConfig.Cpus'")]
        [InlineData("{\n  \"Env\": {\n    \"HOME\": 5\n  }\n}\n", "3: 'Env.HOME' must be a string, not a number")]
        [InlineData("{\n  \"Files\": \"a.txt\"\n}\n", "2: 'Files' must be an array of strings")]
        [InlineData("{\n  \"Args\": [\"a\",\n    true]\n}\n", "3: 'Args[1]' must be one of strings, not a boolean")]
        [InlineData("{\n  \"RunConfig\": {\"Memory\": 512}\n}\n", "2: 'RunConfig.Memory' must be a string such as \"512M\"")]
        [InlineData("{\n  \"Mounts\": {\"data\": [\"/data\"]}\n}\n", "2: 'Mounts.data' must be a string, not an array")]
        [InlineData("{\n  \"Args\": [],\n  \"Args\": []\n}\n", "3: key 'Args' is given twice")]
        [InlineData("[1, 2]\n", "1: the config must be a JSON object")]
        [InlineData("{\n  \"Args\": [\"a\"\n  \"b\"]\n}\n", "3: invalid JSON: ")]
        public void Given_a_bad_config_When_run_Then_the_error_names_the_key_and_line(string json, string expected)
        {
            string config = Path.Combine(_files.Directory, "bad.json");
            File.WriteAllText(config, json);
            CliResult result = KilnProcess.Run(new[] { "run", "--config", config, _files.StaticProgram });
            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"kiln: error: {config}:{expected}", result.Stderr);
        }

        [Fact]
        public void Given_config_json_in_the_working_directory_When_run_Then_it_is_read_without_being_named()
        {
            string directory = Path.Combine(_files.Directory, "with-config");
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "config.json"), "{ \"RunConfig\": { \"Memory\": \"8M\" } }");
            CliResult result = KilnProcess.Run(new[] { "run", _files.StaticProgram }, workingDirectory: directory);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"kiln: error: invalid RunConfig.Memory value '8M' in config.json: Kiln needs at least 32M\n", result.Stderr);
        }

        [Fact]
        public void Given_a_config_file_that_does_not_exist_in_Files_When_run_Then_the_path_is_named_relative_to_the_config()
        {
            string directory = Path.Combine(_files.Directory, "files-config");
            Directory.CreateDirectory(directory);
            string config = Path.Combine(directory, "kiln.json");
            File.WriteAllText(config, "{ \"Files\": [\"missing.txt\"] }");
            CliResult result = KilnProcess.Run(new[] { "run", "--config", config, _files.StaticProgram });
            Assert.Equal(1, result.ExitCode);
            string missing = Path.Combine(directory, "missing.txt");
            Assert.Equal($"kiln: error: no such file or directory: {missing} (kiln.json Files {missing})\n", result.Stderr);
        }

        [Fact]
        public void Given_a_missing_file_option_When_run_Then_it_names_the_path_and_the_option()
        {
            string missing = Path.Combine(_files.Directory, "absent.txt");
            CliResult result = KilnProcess.Run(new[] { "run", "--file", missing, _files.StaticProgram });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: no such file or directory: {missing} (--file {missing})\n", result.Stderr);
        }

        [Fact]
        public void Given_a_directory_to_file_When_run_Then_it_points_at_dir()
        {
            CliResult result = KilnProcess.Run(new[] { "run", "--file", _files.EmptyPath, _files.StaticProgram });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: {_files.EmptyPath} is a directory (--file); add a directory with --dir\n", result.Stderr);
        }

        [Fact]
        public void Given_a_file_to_dir_When_run_Then_it_points_at_file()
        {
            CliResult result = KilnProcess.Run(new[] { "run", "--dir", _files.TextFile, _files.StaticProgram });
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: {_files.TextFile} is not a directory (--dir); add a file with --file\n", result.Stderr);
        }

        [Theory]
        [InlineData("nocolon")]
        [InlineData("/host:relative")]
        [InlineData(":/guest")]
        [InlineData("/host:")]
        public void Given_a_bad_mapdir_When_run_Then_it_says_HOST_GUEST(string value)
        {
            CliResult result = KilnProcess.Run(new[] { "run", "--mapdir", value, _files.StaticProgram });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal(
                $"kiln: error: invalid --mapdir value '{value}': expected HOST:GUEST with an absolute GUEST path\nhint: run 'kiln --help' for usage\n",
                result.Stderr);
        }

        [Fact]
        public void Given_a_relative_MapDirs_guest_in_config_When_run_Then_it_names_the_entry()
        {
            string config = Path.Combine(_files.Directory, "map.json");
            File.WriteAllText(config, "{ \"MapDirs\": { \"web\": \"srv/www\" } }");
            CliResult result = KilnProcess.Run(new[] { "run", "--config", config, _files.StaticProgram });
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"kiln: error: invalid MapDirs entry '{Path.Combine(_files.Directory, "web")}' in {config}: the guest path 'srv/www' must be absolute\nhint: run 'kiln --help' for usage\n", result.Stderr);
        }

        [Fact]
        public void Given_a_mapdir_over_a_file_When_run_Then_the_conflict_names_both_sources()
        {
            Dictionary<string, string> noQemu = new Dictionary<string, string> { ["PATH"] = "/nonexistent" };
            CliResult result = KilnProcess.Run(
                new[] { "run", "--file", _files.TextFile, "--mapdir", $"{_files.EmptyPath}:{_files.TextFile}", _files.StaticProgram }, noQemu);
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(
                $"kiln: error: conflicting image entries at {_files.TextFile}: a file (--file {_files.TextFile}) and a directory (--mapdir {_files.EmptyPath}:{_files.TextFile})\n",
                result.Stderr);
        }
    }
}
