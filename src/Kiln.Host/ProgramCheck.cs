// Checks, before anything boots, that a host file is a program Kiln can run: an x86-64 ELF executable, static or
// dynamically linked with its ELF interpreter and every DT_NEEDED library found on the host, or a #! script whose
// interpreter is such a program. Each way it can fail has its own message saying what the file is and what to do.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Kiln.Elf;
using Kiln.Host.Image;
using Kiln.Host.Libraries;

namespace Kiln.Host
{
    /// <summary>Pre-flight check of the program given to <c>kiln run</c>.</summary>
    public static class ProgramCheck
    {
        /// <summary>The PATH a program gets when the user sets none, used to resolve "#!/usr/bin/env NAME".</summary>
        public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

        /// <summary>Reads and validates <paramref name="path"/>, resolving its libraries with LD_LIBRARY_PATH and PATH
        /// taken from <paramref name="environment"/> (the program's NAME=VALUE entries).</summary>
        /// <returns>True with the program, or false with an error for the user.</returns>
        public static bool TryCheck(string path, IReadOnlyList<string> environment, out CheckedProgram? program, out HostError? error)
        {
            program = null;
            if (!TryRead(path, out byte[] image, out error))
            {
                return false;
            }

            ScriptRun? script = null;
            ShebangLine? shebang = ShebangLine.Parse(image);
            string programPath = path;
            if (shebang != null)
            {
                if (!TryResolveShebang(path, shebang, environment, out script, out error))
                {
                    return false;
                }

                if (!File.Exists(script!.Interpreter))
                {
                    error = new HostError($"{path} names the interpreter {script.Interpreter} in its #! line, which is not on this host");
                    return false;
                }

                if (!TryRead(script.Interpreter, out image, out error))
                {
                    return false;
                }

                programPath = script.Interpreter;
                if (ShebangLine.Parse(image) != null)
                {
                    error = new HostError($"{path} runs {programPath}, which is itself a script; name its interpreter in the #! line");
                    return false;
                }
            }

            error = Validate(programPath, image);
            if (error != null)
            {
                return false;
            }

            LinkMap? links = null;
            LibraryResolver? resolver = null;
            ElfFile.Parse(image, out ElfFile elf);
            if (elf.HasInterpreter)
            {
                resolver = LibraryResolver.ForHost(environment);
                links = resolver.Resolve(programPath, out error);
                if (links == null)
                {
                    return false;
                }

                if (links.Missing.Count > 0)
                {
                    error = DescribeMissing(programPath, links.Missing[0]);
                    return false;
                }
            }

            program = new CheckedProgram(programPath, image) { Links = links, Resolver = resolver, Script = script };
            return true;
        }

        /// <summary>The error for a library no search found, in ld.so's words.</summary>
        public static HostError DescribeMissing(string program, MissingLibrary missing)
        {
            string neededBy = missing.RequestedBy == program ? "" : $"needed by {missing.RequestedBy}; ";
            return new HostError(
                $"{program}: error while loading shared libraries: {missing.Name}: cannot open shared object file " +
                $"({neededBy}searched {string.Join(", ", missing.Searched)})",
                "install it on the host, or point -e LD_LIBRARY_PATH=DIR at its directory");
        }

        private static bool TryResolveShebang(string path, ShebangLine shebang, IReadOnlyList<string> environment, out ScriptRun? script, out HostError? error)
        {
            script = null;
            error = null;
            if (Path.GetFileName(shebang.Interpreter) != "env" || shebang.Argument == null)
            {
                script = new ScriptRun(path, shebang.Interpreter, shebang.Argument);
                return true;
            }

            // "#!/usr/bin/env python3": kiln cannot exec, so it runs what env would find on the program's PATH.
            string command = shebang.Argument;
            if (command.StartsWith('-') || command.Contains(' ', StringComparison.Ordinal))
            {
                error = new HostError($"{path}: kiln cannot run '#!{shebang.Interpreter} {command}' (env options); name the interpreter's path in the #! line");
                return false;
            }

            string searchPath = DefaultPath;
            foreach (string entry in environment)
            {
                if (entry.StartsWith("PATH=", StringComparison.Ordinal))
                {
                    searchPath = entry.Substring(5);
                }
            }

            foreach (string directory in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(directory, command);
                if (File.Exists(candidate))
                {
                    script = new ScriptRun(path, candidate, null);
                    return true;
                }
            }

            error = new HostError($"{path} runs '{command}' through {shebang.Interpreter}, and no {command} is on the PATH {searchPath}");
            return false;
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
                    return new HostError($"{path} is not an ELF executable", "kiln runs compiled Linux x86-64 programs and #! scripts, not data files");
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
