// ElfDynamic against objects gcc builds here with a known SONAME, DT_NEEDED list, DT_RPATH or DT_RUNPATH (checked
// against readelf's view of the same files), and against dynamic sections damaged by hand.

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Kiln.Elf;
using Kiln.Kernel.Logic.Tests.Support;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Elf
{
    public sealed class ElfDynamicTests : IClassFixture<ElfDynamicTests.Objects>
    {
        private readonly Objects _objects;

        public ElfDynamicTests(Objects objects)
        {
            _objects = objects;
        }

        [Fact]
        public void Library_with_runpath_reports_soname_needed_and_runpath_but_no_rpath()
        {
            byte[] image = _objects.RunpathLibrary;
            Assert.Equal(ElfError.None, ElfFile.Parse(image, out ElfFile elf));
            Assert.Equal(ElfError.None, ElfDynamic.Open(elf, out ElfDynamic dynamic));
            Assert.True(dynamic.TryGetString(ElfDynamicTags.DT_SONAME, out ReadOnlySpan<byte> soname));
            Assert.Equal("libkilnrun.so.1", Encoding.UTF8.GetString(soname));
            Assert.True(dynamic.TryGetString(ElfDynamicTags.DT_RUNPATH, out ReadOnlySpan<byte> runpath));
            Assert.Equal("$ORIGIN/../lib:/opt/kiln", Encoding.UTF8.GetString(runpath));
            Assert.False(dynamic.TryGetString(ElfDynamicTags.DT_RPATH, out _));
            Assert.Equal(new[] { "libm.so.6", "libc.so.6" }, Needed(dynamic));
        }

        [Fact]
        public void Executable_with_rpath_reports_rpath_but_no_runpath()
        {
            Assert.Equal(ElfError.None, ElfFile.Parse(_objects.RpathProgram, out ElfFile elf));
            Assert.Equal(ElfError.None, ElfDynamic.Open(elf, out ElfDynamic dynamic));
            Assert.True(dynamic.TryGetString(ElfDynamicTags.DT_RPATH, out ReadOnlySpan<byte> rpath));
            Assert.Equal("$ORIGIN/lib", Encoding.UTF8.GetString(rpath));
            Assert.False(dynamic.TryGetString(ElfDynamicTags.DT_RUNPATH, out _));
            Assert.False(dynamic.TryGetString(ElfDynamicTags.DT_SONAME, out _));
        }

        [Fact]
        public void Needed_list_matches_readelf_in_order()
        {
            foreach (string path in new[] { _objects.RpathProgramPath, _objects.RunpathLibraryPath, "/bin/true" })
            {
                byte[] image = File.ReadAllBytes(path);
                Assert.Equal(ElfError.None, ElfFile.Parse(image, out ElfFile elf));
                Assert.Equal(ElfError.None, ElfDynamic.Open(elf, out ElfDynamic dynamic));
                Assert.Equal(ReadelfNeeded(path), Needed(dynamic));
            }
        }

        [Fact]
        public void Static_program_has_no_dynamic_section()
        {
            Assert.Equal(ElfError.None, ElfFile.Parse(_objects.StaticProgram, out ElfFile elf));
            Assert.Equal(ElfError.NoDynamicSection, ElfDynamic.Open(elf, out _));
        }

        [Fact]
        public void String_table_address_outside_every_load_segment_is_rejected()
        {
            byte[] image = (byte[])_objects.RunpathLibrary.Clone();
            PatchDynamicValue(image, ElfDynamicTags.DT_STRTAB, 0x7fff_0000_0000);
            Assert.Equal(ElfError.None, ElfFile.Parse(image, out ElfFile elf));
            Assert.Equal(ElfError.BadDynamicSection, ElfDynamic.Open(elf, out _));
        }

        [Fact]
        public void Name_offset_past_the_string_table_is_an_error_not_a_fault()
        {
            byte[] image = (byte[])_objects.RunpathLibrary.Clone();
            PatchDynamicValue(image, ElfDynamicTags.DT_SONAME, 0xffff_ffff);
            Assert.Equal(ElfError.None, ElfFile.Parse(image, out ElfFile elf));
            Assert.Equal(ElfError.None, ElfDynamic.Open(elf, out ElfDynamic dynamic));
            Assert.False(dynamic.TryGetString(ElfDynamicTags.DT_SONAME, out _));
            Assert.Equal(ElfError.BadDynamicSection, dynamic.GetString(0xffff_ffff, out _));
            Assert.Equal(ElfError.IndexOutOfRange, dynamic.GetNeeded(dynamic.NeededCount, out _));
        }

        private static List<string> Needed(ElfDynamic dynamic)
        {
            List<string> names = new List<string>();
            for (int i = 0; i < dynamic.NeededCount; i++)
            {
                Assert.Equal(ElfError.None, dynamic.GetNeeded(i, out ReadOnlySpan<byte> name));
                names.Add(Encoding.UTF8.GetString(name));
            }

            return names;
        }

        private static List<string> ReadelfNeeded(string path)
        {
            (int exitCode, string output) = Tool.Run("readelf", $"-d {path}");
            Assert.Equal(0, exitCode);
            List<string> names = new List<string>();
            foreach (string line in output.Split('\n'))
            {
                int open = line.IndexOf("Shared library: [", StringComparison.Ordinal);
                if (open >= 0)
                {
                    int start = open + "Shared library: [".Length;
                    names.Add(line.Substring(start, line.IndexOf(']', start) - start));
                }
            }

            return names;
        }

        // Rewrites d_val of the first entry tagged `tag` in the PT_DYNAMIC segment.
        private static void PatchDynamicValue(byte[] image, ulong tag, ulong value)
        {
            ElfFile.Parse(image, out ElfFile elf);
            for (int i = 0; i < elf.ProgramHeaderCount; i++)
            {
                elf.GetProgramHeader(i, out ElfProgramHeader header);
                if (header.Type != ElfConstants.PT_DYNAMIC)
                {
                    continue;
                }

                for (ulong at = header.Offset; at + 16 <= header.Offset + header.FileSize; at += 16)
                {
                    if (BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan((int)at)) == tag)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan((int)at + 8), value);
                        return;
                    }
                }
            }

            throw new InvalidOperationException($"no dynamic tag {tag}");
        }

        public sealed class Objects : IDisposable
        {
            private readonly string _directory;

            public Objects()
            {
                _directory = Path.Combine(Path.GetTempPath(), "kiln-dyn-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(_directory);
                File.WriteAllText(Path.Combine(_directory, "lib.c"), "#include <math.h>\ndouble kiln_root(double x) { return sqrt(x); }\n");
                File.WriteAllText(Path.Combine(_directory, "main.c"), "int main(void) { return 0; }\n");
                RunpathLibraryPath = Path.Combine(_directory, "libkilnrun.so.1");
                Gcc("-shared -fPIC -o libkilnrun.so.1 -Wl,-soname,libkilnrun.so.1 -Wl,--no-as-needed -Wl,--enable-new-dtags " +
                    "-Wl,-rpath,$ORIGIN/../lib:/opt/kiln lib.c -lm");
                RpathProgramPath = Path.Combine(_directory, "rpathprog");
                Gcc("-o rpathprog -Wl,--disable-new-dtags -Wl,-rpath,$ORIGIN/lib main.c");
                Gcc("-static -o staticprog main.c");
                RunpathLibrary = File.ReadAllBytes(RunpathLibraryPath);
                RpathProgram = File.ReadAllBytes(RpathProgramPath);
                StaticProgram = File.ReadAllBytes(Path.Combine(_directory, "staticprog"));
            }

            public string RunpathLibraryPath { get; }

            public string RpathProgramPath { get; }

            public byte[] RunpathLibrary { get; }

            public byte[] RpathProgram { get; }

            public byte[] StaticProgram { get; }

            public void Dispose()
            {
                Directory.Delete(_directory, recursive: true);
            }

            private void Gcc(string arguments)
            {
                // No shell: "$ORIGIN" reaches the linker as written.
                (int exitCode, string log) = Tool.Run("gcc", arguments, _directory);
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"gcc {arguments} failed: {log}");
                }
            }
        }
    }
}
