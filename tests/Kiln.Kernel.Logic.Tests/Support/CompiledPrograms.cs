// A class fixture that compiles small C programs with the host gcc once per test run: static, static-PIE, dynamic
// PIE and a shared library, so the ELF tests read what real toolchains write.

using System;
using System.IO;

namespace Kiln.Kernel.Logic.Tests.Support
{
    public sealed class CompiledPrograms : IDisposable
    {
        private const string Source =
            "#include <stdio.h>\n" +
            "int kiln_marker(int x) { return x * 3 + 1; }\n" +
            "int main(int argc, char **argv) { printf(\"%d\\n\", kiln_marker(argc)); return 0; }\n";

        private readonly string _directory;

        public CompiledPrograms()
        {
            _directory = Path.Combine(Path.GetTempPath(), "kiln-elf-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
            File.WriteAllText(Path.Combine(_directory, "hello.c"), Source);
            Static = Compile("static", "-static -O1");
            StaticPie = Compile("static-pie", "-static-pie -O1");
            Dynamic = Compile("dynamic", "-O1");
            Stripped = Compile("stripped", "-static -s -O1");
            SharedLibrary = Compile("libshared.so", "-shared -fPIC -O1");
        }

        public byte[] Static { get; }

        public byte[] StaticPie { get; }

        public byte[] Dynamic { get; }

        public byte[] Stripped { get; }

        public byte[] SharedLibrary { get; }

        public void Dispose()
        {
            Directory.Delete(_directory, recursive: true);
        }

        private byte[] Compile(string name, string flags)
        {
            string output = Path.Combine(_directory, name);
            (int exitCode, string log) = Tool.Run("gcc", $"{flags} -o {output} hello.c", _directory);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"gcc {flags} failed: {log}");
            }

            return File.ReadAllBytes(output);
        }
    }
}
