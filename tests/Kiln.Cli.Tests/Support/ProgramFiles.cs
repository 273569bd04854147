// A class fixture holding the files the CLI tests hand to kiln: a static program built with gcc, programs whose
// library or ELF interpreter is missing, a text file, a directory, and hand-made ELF headers for the cases gcc here
// cannot build (32-bit, AArch64).

using System;
using System.Diagnostics;
using System.IO;

namespace Kiln.Cli.Tests.Support
{
    public sealed class ProgramFiles : IDisposable
    {
        public ProgramFiles()
        {
            Directory = Path.Combine(Path.GetTempPath(), "kiln-cli-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            StaticProgram = Path.Combine(Directory, "hello");
            File.WriteAllText(StaticProgram + ".c", "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
            using (System.Diagnostics.Process gcc = System.Diagnostics.Process.Start("gcc", $"-static -o {StaticProgram} {StaticProgram}.c"))
            {
                gcc.WaitForExit();
                if (gcc.ExitCode != 0)
                {
                    throw new InvalidOperationException("gcc -static failed");
                }
            }

            TextFile = Path.Combine(Directory, "notes.txt");
            File.WriteAllText(TextFile, "just some text\n");
            ThirtyTwoBit = Path.Combine(Directory, "old32");
            File.WriteAllBytes(ThirtyTwoBit, ElfHeader(elfClass: 1, machine: 3));
            Arm64 = Path.Combine(Directory, "arm64");
            File.WriteAllBytes(Arm64, ElfHeader(elfClass: 2, machine: 183));
            // A program linked against libkilngone.so, which is then deleted; one whose PT_INTERP names no file.
            File.WriteAllText(Path.Combine(Directory, "gone.c"), "int gone(void) { return 0; }\n");
            File.WriteAllText(Path.Combine(Directory, "usegone.c"), "int gone(void);\nint main(void) { return gone(); }\n");
            Gcc($"-shared -fPIC -o {Directory}/libkilngone.so {Directory}/gone.c");
            MissingLibraryProgram = Path.Combine(Directory, "needs-gone");
            Gcc($"-o {MissingLibraryProgram} {Directory}/usegone.c -L{Directory} -lkilngone");
            File.Delete(Path.Combine(Directory, "libkilngone.so"));
            MissingInterpreterProgram = Path.Combine(Directory, "bad-interp");
            Gcc($"-o {MissingInterpreterProgram} {StaticProgram}.c -Wl,--dynamic-linker=/nonexistent/ld-kiln.so.1");
            EmptyPath = Path.Combine(Directory, "emptydir");
            System.IO.Directory.CreateDirectory(EmptyPath);
        }

        public string Directory { get; }

        public string StaticProgram { get; }

        public string TextFile { get; }

        public string ThirtyTwoBit { get; }

        public string Arm64 { get; }

        public string EmptyPath { get; }

        public string MissingLibraryProgram { get; }

        public string MissingInterpreterProgram { get; }

        public void Dispose()
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        private static void Gcc(string arguments)
        {
            using System.Diagnostics.Process gcc = System.Diagnostics.Process.Start("gcc", arguments)!;
            gcc.WaitForExit();
            if (gcc.ExitCode != 0)
            {
                throw new InvalidOperationException($"gcc {arguments} failed");
            }
        }

        private static byte[] ElfHeader(byte elfClass, ushort machine)
        {
            byte[] header = new byte[64];
            header[0] = 0x7f;
            header[1] = (byte)'E';
            header[2] = (byte)'L';
            header[3] = (byte)'F';
            header[4] = elfClass;
            header[5] = 1;
            header[6] = 1;
            header[16] = 2;
            header[18] = (byte)machine;
            header[19] = (byte)(machine >> 8);
            header[20] = 1;
            return header;
        }
    }
}
