// Composing real images from the host: python3 with its standard library, extension modules and their libraries;
// a #! script; user files; the symlinks kept on the way. Nothing boots here: the tests read the content model.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kiln.Host;
using Kiln.Host.Image;
using Xunit;
using Xunit.Abstractions;

namespace Kiln.Host.Tests.Image
{
    public sealed class ImageComposerTests : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "kiln-compose-" + Guid.NewGuid().ToString("N"));
        private readonly ITestOutputHelper _output;

        public ImageComposerTests(ITestOutputHelper output)
        {
            _output = output;
            Directory.CreateDirectory(_directory);
        }

        public void Dispose()
        {
            Directory.Delete(_directory, recursive: true);
        }

        [Fact]
        public void Python_image_holds_the_interpreter_link_stdlib_modules_and_their_libraries()
        {
            if (!File.Exists("/usr/bin/python3"))
            {
                return;
            }

            string script = Path.Combine(_directory, "app.py");
            File.WriteAllText(script, "import json\n");
            ComposedImage image = Compose("/usr/bin/python3", new[] { "app.py", "--verbose" });
            ImageContent content = image.Content;

            Assert.Equal("/usr/bin/python3", image.GuestProgram);
            Assert.Equal(new[] { "/usr/bin/python3", "app.py", "--verbose" }, image.Arguments);
            Assert.Equal(_directory, image.WorkingDirectory);
            Assert.Equal(HostPathWalk.ReadLink("/usr/bin/python3"), content.Find("/usr/bin/python3")!.LinkTarget);
            Assert.Equal(ImageEntryKind.File, content.Find(HostPathWalk.RealPath("/usr/bin/python3")!)!.Kind);
            Assert.Equal(ImageEntryKind.File, content.Find(script)!.Kind);
            Assert.Equal(ContentPriority.User, content.Find(script)!.Priority);
            Assert.Equal(ImageEntryKind.Directory, content.Find(_directory)!.Kind);

            // The ELF interpreter keeps Debian's merged-/usr links: /lib64 -> usr/lib64, and so on.
            foreach (string link in new[] { "/lib64", "/lib", "/usr/lib64/ld-linux-x86-64.so.2" })
            {
                if (HostPathWalk.ReadLink(link) != null)
                {
                    Assert.Equal(HostPathWalk.ReadLink(link), content.Find(link)!.LinkTarget);
                }
            }

            string stdlib = "/usr/lib/python3.11";
            if (Directory.Exists(stdlib))
            {
                Assert.NotNull(content.Find(stdlib + "/json/__init__.py"));
                Assert.NotNull(content.Find(stdlib + "/encodings/utf_8.py"));
                Assert.Null(content.Find(stdlib + "/test"));
                Assert.Null(content.Find(stdlib + "/ensurepip"));
                Assert.DoesNotContain(content.Entries, e => e.GuestPath.StartsWith(stdlib + "/config-", StringComparison.Ordinal));
                Assert.DoesNotContain(content.Entries, e => e.GuestPath.Contains("-packages", StringComparison.Ordinal));
            }

            // Extension modules bring their own needs: _ssl needs libssl and libcrypto, _sqlite3 needs libsqlite3.
            List<string> names = content.Entries.Select(e => Path.GetFileName(e.GuestPath)).ToList();
            Assert.Contains(names, n => n.StartsWith("_ssl.", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("libssl.so.", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("libcrypto.so.", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("libsqlite3.so.", StringComparison.Ordinal));
            Assert.Contains("libnss_files.so.2", names);
            Assert.Contains("libnss_dns.so.2", names);
            Assert.Contains("libgcc_s.so.1", names);

            Assert.NotNull(content.Find("/etc/passwd"));
            Assert.NotNull(content.Find("/etc/nsswitch.conf"));
            _output.WriteLine($"python3 image: {content.Count} entries, {content.FileBytes} bytes of files");
            Assert.InRange(content.FileBytes, 8L << 20, 96L << 20);
            if (File.Exists("/etc/ssl/certs/ca-certificates.crt"))
            {
                Assert.NotNull(content.Find("/etc/ssl/certs/ca-certificates.crt"));
            }

            // Every symlink's target that exists on the host is in the image too.
            foreach (ImageEntry link in content.Entries.Where(e => e.Kind == ImageEntryKind.Symlink))
            {
                string target = link.LinkTarget!.StartsWith('/') ? link.LinkTarget : HostPathWalk.Parent(link.GuestPath) + "/" + link.LinkTarget;
                string? real = HostPathWalk.RealPath(target);
                if (real != null)
                {
                    Assert.True(content.Find(real) != null, $"{link.GuestPath} -> {link.LinkTarget}: {real} is missing");
                }
            }
        }

        [Fact]
        public void Shebang_script_runs_its_interpreter_with_the_line_argument_and_the_script()
        {
            string script = Path.Combine(_directory, "tool");
            File.WriteAllText(script, "#!/usr/bin/perl -w\nprint 1;\n");
            Assert.True(ProgramCheck.TryCheck(script, Array.Empty<string>(), out CheckedProgram? program, out HostError? error), error?.Message);
            Assert.Equal("/usr/bin/perl", program!.HostPath);
            ComposedImage? image = ImageComposer.Compose(program, new[] { "x" }, UserContent.None, _directory, out error);
            Assert.Null(error);
            Assert.Equal(new[] { "/usr/bin/perl", "-w", script, "x" }, image!.Arguments);
            Assert.Equal("/usr/bin/perl", image.GuestProgram);
            Assert.NotNull(image.Content.Find(script));
            Assert.Contains(image.Content.Entries, e => e.GuestPath.EndsWith("/strict.pm", StringComparison.Ordinal));
        }

        [Fact]
        public void Root_as_working_directory_and_empty_arguments_are_fine()
        {
            Assert.True(ProgramCheck.TryCheck("/usr/bin/perl", Array.Empty<string>(), out CheckedProgram? program, out HostError? error), error?.Message);
            ComposedImage? image = ImageComposer.Compose(program!, new[] { "", "-e", "print 1", "a\0b" }, UserContent.None, "/", out error);
            Assert.Null(error);
            Assert.Equal("/", image!.WorkingDirectory);
        }

        [Fact]
        public void Env_shebang_resolves_the_command_on_the_programs_PATH()
        {
            string bin = Path.Combine(_directory, "bin");
            Directory.CreateDirectory(bin);
            File.CreateSymbolicLink(Path.Combine(bin, "kilnperl"), "/usr/bin/perl");
            string script = Path.Combine(_directory, "tool");
            File.WriteAllText(script, "#!/usr/bin/env kilnperl\n");
            Assert.True(ProgramCheck.TryCheck(script, new[] { $"PATH=/nonexistent:{bin}" }, out CheckedProgram? program, out HostError? error), error?.Message);
            Assert.Equal(Path.Combine(bin, "kilnperl"), program!.HostPath);
            Assert.Equal(new ScriptRun(script, Path.Combine(bin, "kilnperl"), null), program.Script);
        }

        [Fact]
        public void User_files_dirs_and_mapped_trees_go_in_with_their_links()
        {
            string data = Path.Combine(_directory, "data");
            Directory.CreateDirectory(Path.Combine(data, "sub"));
            File.WriteAllText(Path.Combine(data, "sub", "a.txt"), "a");
            File.CreateSymbolicLink(Path.Combine(data, "link"), "sub/a.txt");
            string single = Path.Combine(_directory, "single.txt");
            File.WriteAllText(single, "s");
            UserContent user = new UserContent(
                new[] { new UserPath(single, "--file") },
                new[] { new UserPath(data, "--dir") },
                new[] { new UserMapping(data, "/srv/www", "--mapdir") });
            ComposedImage image = Compose(Path.Combine(_directory, "..", Path.GetFileName(_directory), "static-prog"), Array.Empty<string>(), user, buildStatic: true);
            ImageContent content = image.Content;
            Assert.Equal(Path.Combine(_directory, "static-prog"), image.GuestProgram);
            Assert.Equal(ImageEntryKind.Directory, content.Find("/srv/www")!.Kind);
            Assert.Equal("sub/a.txt", content.Find("/srv/www/link")!.LinkTarget);
            Assert.Equal(Path.Combine(data, "sub", "a.txt"), content.Find("/srv/www/sub/a.txt")!.HostPath);
            Assert.Equal("sub/a.txt", content.Find(Path.Combine(data, "link"))!.LinkTarget);
            Assert.NotNull(content.Find(single));
            Assert.DoesNotContain(content.Entries, e => e.GuestPath.Contains("libc.so", StringComparison.Ordinal));
        }

        [Fact]
        public void Missing_user_paths_are_named()
        {
            string missing = Path.Combine(_directory, "nope");
            UserContent user = new UserContent(Array.Empty<UserPath>(), new[] { new UserPath(missing, "--dir") }, Array.Empty<UserMapping>());
            Assert.Null(TryCompose(user, out HostError? error));
            Assert.Equal($"no such directory: {missing} (--dir)", error!.Message);

            user = new UserContent(new[] { new UserPath(missing, "config.json Files") }, Array.Empty<UserPath>(), Array.Empty<UserMapping>());
            Assert.Null(TryCompose(user, out error));
            Assert.Equal($"no such file or directory: {missing} (config.json Files {missing})", error!.Message);

            user = new UserContent(Array.Empty<UserPath>(), Array.Empty<UserPath>(), new[] { new UserMapping(missing, "/m", "--mapdir") });
            Assert.Null(TryCompose(user, out error));
            Assert.Equal($"no such directory: {missing} (--mapdir {missing}:/m)", error!.Message);
        }

        [Theory]
        [InlineData("/x/__pycache__/json.cpython-39.pyc", false, true)]
        [InlineData("/x/__pycache__/json.cpython-311.pyc", false, false)]
        [InlineData("/x/__pycache__/json.cpython-311.opt-1.pyc", false, false)]
        [InlineData("/usr/lib/python3.11/test", true, true)]
        [InlineData("/usr/lib/python3.11/config-3.11-x86_64-linux-gnu", true, true)]
        [InlineData("/usr/lib/python3.11/json", true, false)]
        [InlineData("/usr/lib/python3.11/test.py", false, false)]
        public void Python_filter_skips_tests_build_files_and_other_versions_bytecode(string path, bool isDirectory, bool skipped)
        {
            Assert.Equal(skipped, RuntimeLibraries.SkipPython(path, isDirectory, "cpython-311"));
        }

        [Theory]
        [InlineData("/usr/bin/python3", RuntimeKind.Python)]
        [InlineData("/usr/bin/python3-config", RuntimeKind.None)]
        [InlineData("/usr/bin/perl", RuntimeKind.Perl)]
        [InlineData("/usr/bin/perldoc", RuntimeKind.None)]
        [InlineData("/opt/node", RuntimeKind.Node)]
        [InlineData("/usr/bin/ruby3.1", RuntimeKind.Ruby)]
        [InlineData("/bin/true", RuntimeKind.None)]
        public void Interpreters_are_recognized_by_name(string path, RuntimeKind kind)
        {
            Assert.Equal(kind, RuntimeLibraries.Detect(path));
        }

        [Fact]
        public void Resolv_conf_names_the_runs_name_servers_and_a_users_file_wins()
        {
            Assert.True(ProgramCheck.TryCheck("/bin/true", Array.Empty<string>(), out CheckedProgram? program, out HostError? error));
            ComposedImage image = ImageComposer.Compose(program!, Array.Empty<string>(), UserContent.None, _directory, out error, new uint[] { 0x01010101, 0x0A000203 })!;
            ImageEntry resolv = image.Content.Find("/etc/resolv.conf")!;
            Assert.Equal("# Written by kiln: the run's name servers (kiln run --dns).\nnameserver 1.1.1.1\nnameserver 10.0.2.3\n", System.Text.Encoding.ASCII.GetString(resolv.Data!));
            Assert.Equal(ContentPriority.Generated, resolv.Priority);

            ImageEntry byDefault = ImageComposer.Compose(program!, Array.Empty<string>(), UserContent.None, _directory, out error)!.Content.Find("/etc/resolv.conf")!;
            Assert.EndsWith("\nnameserver 10.0.2.3\n", System.Text.Encoding.ASCII.GetString(byDefault.Data!));

            string mine = Path.Combine(_directory, "resolv.conf");
            File.WriteAllText(mine, "nameserver 192.0.2.53\n");
            UserContent user = new UserContent(Array.Empty<UserPath>(), Array.Empty<UserPath>(), new[] { new UserMapping(_directory, "/etc", "--mapdir") });
            ImageEntry users = ImageComposer.Compose(program!, Array.Empty<string>(), user, _directory, out error)!.Content.Find("/etc/resolv.conf")!;
            Assert.Equal(ContentPriority.User, users.Priority);
        }

        private ComposedImage? TryCompose(UserContent user, out HostError? error)
        {
            Assert.True(ProgramCheck.TryCheck("/bin/true", Array.Empty<string>(), out CheckedProgram? program, out error));
            return ImageComposer.Compose(program!, Array.Empty<string>(), user, _directory, out error);
        }

        private ComposedImage Compose(string programPath, string[] arguments, UserContent? user = null, bool buildStatic = false)
        {
            if (buildStatic)
            {
                File.WriteAllText(Path.Combine(_directory, "s.c"), "int main(void) { return 0; }\n");
                (int exitCode, _, string log) = Support.Tool.Run("gcc", new[] { "-static", "-o", "static-prog", "s.c" }, _directory);
                Assert.True(exitCode == 0, log);
            }

            Assert.True(ProgramCheck.TryCheck(programPath, Array.Empty<string>(), out CheckedProgram? program, out HostError? error), error?.Message);
            ComposedImage? image = ImageComposer.Compose(program!, arguments, user ?? UserContent.None, _directory, out error);
            Assert.Null(error);
            return image!;
        }
    }
}
