// ElfFile.ParseHeaders: a loader reading through a page cache has only the first page of a file. Parsing that prefix
// with the file's length must give the same headers as parsing the whole file, and still reject segments that lie
// past the end of the file.

using System;
using System.Buffers.Binary;
using Kiln.Elf;
using Kiln.Kernel.Logic.Tests.Support;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Elf
{
    public sealed class ElfParseHeadersTests : IClassFixture<CompiledPrograms>
    {
        private const int Page = 4096;
        private readonly CompiledPrograms _programs;

        public ElfParseHeadersTests(CompiledPrograms programs)
        {
            _programs = programs;
        }

        [Theory]
        [InlineData("static")]
        [InlineData("static-pie")]
        [InlineData("dynamic")]
        [InlineData("shared")]
        public void TheFirstPageGivesTheSameHeadersAsTheWholeFile(string which)
        {
            byte[] bytes = Program(which);
            Assert.Equal(ElfError.None, ElfFile.Parse(bytes, out ElfFile whole));

            Assert.Equal(ElfError.None, ElfFile.ParseHeaders(bytes.AsSpan(0, Page), (ulong)bytes.Length, out ElfFile prefix));

            Assert.Equal((ulong)bytes.Length, prefix.FileLength);
            Assert.Equal(whole.Type, prefix.Type);
            Assert.Equal(whole.Entry, prefix.Entry);
            Assert.Equal(whole.HasInterpreter, prefix.HasInterpreter);
            Assert.Equal(whole.ProgramHeaderCount, prefix.ProgramHeaderCount);
            for (int i = 0; i < whole.ProgramHeaderCount; i++)
            {
                whole.GetProgramHeader(i, out ElfProgramHeader expected);
                prefix.GetProgramHeader(i, out ElfProgramHeader actual);
                Assert.Equal(expected, actual);
            }
        }

        [Fact]
        public void TheInterpreterPathIsReadFromThePrefixThatHoldsIt()
        {
            byte[] bytes = _programs.Dynamic;
            ElfFile.ParseHeaders(bytes.AsSpan(0, Page), (ulong)bytes.Length, out ElfFile elf);

            Assert.StartsWith("/lib", System.Text.Encoding.ASCII.GetString(elf.InterpreterPath));
        }

        [Fact]
        public void ASegmentPastTheEndOfTheFileIsRejected()
        {
            // Given a dynamic program's first page with a length that cuts its last PT_LOAD's file bytes short.
            byte[] bytes = _programs.Dynamic;
            ElfFile.Parse(bytes, out ElfFile elf);
            ulong loadEnd = 0;
            for (int i = 0; i < elf.ProgramHeaderCount; i++)
            {
                elf.GetProgramHeader(i, out ElfProgramHeader header);
                if (header.Type == ElfConstants.PT_LOAD)
                {
                    loadEnd = Math.Max(loadEnd, header.Offset + header.FileSize);
                }
            }

            Assert.Equal(ElfError.SegmentOutOfFile, ElfFile.ParseHeaders(bytes.AsSpan(0, Page), loadEnd - 1, out _));
        }

        [Fact]
        public void AProgramHeaderTableOutsideThePrefixIsRejected()
        {
            byte[] bytes = (byte[])_programs.Static.Clone();
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(32), (ulong)Page); // e_phoff past the prefix

            Assert.Equal(ElfError.BadProgramHeaders, ElfFile.ParseHeaders(bytes.AsSpan(0, Page), (ulong)bytes.Length, out _));
        }

        private byte[] Program(string which) => which switch
        {
            "static" => _programs.Static,
            "static-pie" => _programs.StaticPie,
            "dynamic" => _programs.Dynamic,
            _ => _programs.SharedLibrary,
        };
    }
}
