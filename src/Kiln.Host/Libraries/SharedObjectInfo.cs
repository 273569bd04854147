// Reads the facts the library resolver needs from an ELF file on the host: that it is x86-64 ELF64, its PT_INTERP,
// and from the dynamic section its DT_NEEDED list, DT_SONAME, DT_RPATH, DT_RUNPATH and DF_1_NODEFLIB.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Kiln.Elf;

namespace Kiln.Host.Libraries
{
    /// <summary>The dynamic-linking facts of one ELF file.</summary>
    public sealed record SharedObjectInfo(
        string? Interpreter,
        string? Soname,
        IReadOnlyList<string> Needed,
        string? Rpath,
        string? Runpath,
        bool NoDefaultLibraries)
    {
        /// <summary>Reads <paramref name="path"/>; null with the ELF error if it is not a usable x86-64 object.</summary>
        /// <remarks>A missing or unreadable file gives <see cref="ElfError.TooSmall"/> and a message.</remarks>
        public static SharedObjectInfo? Read(string path, out ElfError error, out string? message)
        {
            message = null;
            byte[] image;
            try
            {
                image = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                error = ElfError.TooSmall;
                message = e.Message;
                return null;
            }

            return Parse(image, out error);
        }

        /// <summary>Parses ELF bytes; null with the reason if they are not a usable x86-64 object.</summary>
        public static SharedObjectInfo? Parse(ReadOnlySpan<byte> image, out ElfError error)
        {
            error = ElfFile.Parse(image, out ElfFile elf);
            if (error != ElfError.None)
            {
                return null;
            }

            string? interpreter = elf.HasInterpreter ? Encoding.UTF8.GetString(elf.InterpreterPath) : null;
            error = ElfDynamic.Open(elf, out ElfDynamic dynamic);
            if (error == ElfError.NoDynamicSection)
            {
                error = ElfError.None;
                return new SharedObjectInfo(interpreter, null, Array.Empty<string>(), null, null, false);
            }

            if (error != ElfError.None)
            {
                return null;
            }

            List<string> needed = new List<string>();
            for (int i = 0; i < dynamic.NeededCount; i++)
            {
                error = dynamic.GetNeeded(i, out ReadOnlySpan<byte> name);
                if (error != ElfError.None)
                {
                    return null;
                }

                needed.Add(Encoding.UTF8.GetString(name));
            }

            return new SharedObjectInfo(
                interpreter,
                ReadString(dynamic, ElfDynamicTags.DT_SONAME),
                needed,
                ReadString(dynamic, ElfDynamicTags.DT_RPATH),
                ReadString(dynamic, ElfDynamicTags.DT_RUNPATH),
                (dynamic.GetValue(ElfDynamicTags.DT_FLAGS_1) & ElfDynamicTags.DF_1_NODEFLIB) != 0);
        }

        private static string? ReadString(ElfDynamic dynamic, ulong tag)
        {
            return dynamic.TryGetString(tag, out ReadOnlySpan<byte> text) ? Encoding.UTF8.GetString(text) : null;
        }
    }
}
