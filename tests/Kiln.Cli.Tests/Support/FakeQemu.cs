// A stand-in qemu-system-x86_64 for CLI tests of what kiln hands QEMU: a shell script that writes its arguments one
// per line, copies the root disk (the first -drive) aside so the test can read the manifest kiln wrote, and ends the
// way the kernel does ("kiln: exit 0" on stderr). With KILN_KERNEL pointing at a dummy file, nothing boots.

using System;
using System.Collections.Generic;
using System.IO;

namespace Kiln.Cli.Tests.Support
{
    public sealed class FakeQemu
    {
        public FakeQemu(string directory)
        {
            Directory = directory;
            System.IO.Directory.CreateDirectory(directory);
            string script = Path.Combine(directory, "qemu-system-x86_64");
            File.WriteAllText(script,
                "#!/bin/sh\n" +
                $"printf '%s\\n' \"$@\" > '{ArgumentsPath}'\n" +
                "for a in \"$@\"; do\n" +
                "  case \"$a\" in file=*)\n" +
                "    p=\"${a#file=}\"; p=\"${p%%,format=raw*}\"\n" +
                $"    [ -f '{RootDiskPath}' ] || cp \"$p\" '{RootDiskPath}';;\n" +
                "  esac\n" +
                "done\n" +
                "echo 'kiln: exit 0' >&2\n" +
                "exit 1\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            KernelPath = Path.Combine(directory, "kiln-kernel.elf");
            File.WriteAllBytes(KernelPath, new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' });
        }

        public string Directory { get; }

        public string ArgumentsPath => Path.Combine(Directory, "arguments");

        public string RootDiskPath => Path.Combine(Directory, "root.img");

        public string KernelPath { get; }

        /// <summary>The environment that makes kiln find this QEMU and the dummy kernel (dotnet stays on PATH).</summary>
        public Dictionary<string, string> Environment => new Dictionary<string, string>
        {
            ["PATH"] = $"{Directory}:{System.Environment.GetEnvironmentVariable("PATH")}",
            ["KILN_KERNEL"] = KernelPath,
        };

        /// <summary>The arguments of the last run, one string with spaces between them.</summary>
        public string CommandLine => string.Join(' ', File.ReadAllLines(ArgumentsPath));

        /// <summary>Forgets the last run.</summary>
        public void Reset()
        {
            File.Delete(ArgumentsPath);
            File.Delete(RootDiskPath);
        }
    }
}
