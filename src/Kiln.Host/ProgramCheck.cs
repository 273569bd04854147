// Checks, before anything boots, that a host file is a program Kiln can run: an x86-64 ELF executable that is
// statically linked. Each way it can fail has its own message saying what the file is and what to do.

using System;
using System.IO;
using System.Text;
using Kiln.Elf;

namespace Kiln.Host
{
    /// <summary>Pre-flight check of the program given to <c>kiln run</c>.</summary>
    public static class ProgramCheck
    {
        /// <summary>Reads and validates <paramref name="path"/>.</summary>
        /// <returns>True with the program, or false with an error for the user.</returns>
        public static bool TryCheck(string path, out CheckedProgram? program, out HostError? error)
        {
            program = null;
            if (!TryRead(path, out byte[] image, out error))
            {
                return false;
            }

            error = Validate(path, image);
            if (error != null)
            {
                return false;
            }

            program = new CheckedProgram(path, image);
            return true;
        }

        /// <summary>Validates the bytes of a program file; null if Kiln can run it.</summary>
        public static HostError? Validate(string path, byte[] image)
        {
            ElfError result = ElfFile.Parse(image, out ElfFile elf);
            switch (result)
            {
                case ElfError.None:
                    break;
                case ElfError.TooSmall:
                case ElfError.NotElf:
                    return new HostError($"{path} is not an ELF executable", "kiln runs compiled Linux x86-64 programs, not scripts or data files");
                case ElfError.Not64Bit:
                    return new HostError($"{path} is a 32-bit program; Kiln runs x86-64 programs");
                case ElfError.NotX86_64:
                    ElfFile.TryReadMachine(image, out ushort machine);
                    return new HostError($"{path} is built for {ElfMachineNames.Name(machine)}; Kiln runs x86-64 programs");
                case ElfError.NotLittleEndian:
                    return new HostError($"{path} is a big-endian ELF file; Kiln runs x86-64 programs");
                case ElfError.UnsupportedType:
                    return new HostError($"{path} is an ELF object that is not an executable (e_type {elf.Type})", "link it into a program first");
                default:
                    return new HostError($"{path} is a damaged ELF file ({Describe(result)})");
            }

            if (elf.HasInterpreter)
            {
                string interpreter = Encoding.UTF8.GetString(elf.InterpreterPath);
                return new HostError(
                    $"{path} is dynamically linked (needs {interpreter}); Kiln runs static programs for now — build with -static, or CGO_ENABLED=0 for Go");
            }

            if (elf.IsSharedLibrary)
            {
                return new HostError($"{path} is a shared library without an entry point, not a program");
            }

            return null;
        }

        private static bool TryRead(string path, out byte[] image, out HostError? error)
        {
            image = Array.Empty<byte>();
            error = null;
            if (Directory.Exists(path))
            {
                error = new HostError($"{path} is a directory, not a program");
                return false;
            }

            if (!File.Exists(path))
            {
                error = new HostError($"no such file: {path}");
                return false;
            }

            try
            {
                image = File.ReadAllBytes(path);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                error = new HostError($"cannot read {path}: {e.Message}");
                return false;
            }
        }

        private static string Describe(ElfError error)
        {
            return error switch
            {
                ElfError.BadClass => "unknown ELF class",
                ElfError.BadVersion => "unknown ELF version",
                ElfError.BadProgramHeaders => "bad program header table",
                ElfError.SegmentOutOfFile => "a segment lies outside the file",
                ElfError.BadSegment => "a loadable segment is malformed",
                ElfError.BadInterpreter => "malformed PT_INTERP",
                _ => error.ToString(),
            };
        }
    }
}
