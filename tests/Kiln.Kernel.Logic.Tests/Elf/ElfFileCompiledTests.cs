// ELF parser tests against programs gcc builds at test time: static, static-PIE, dynamic, shared library, stripped.

using System.IO;
using System.Text;
using Kiln.Elf;
using Kiln.Kernel.Logic.Tests.Support;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Elf
{
    public sealed class ElfFileCompiledTests : IClassFixture<CompiledPrograms>
    {
        private readonly CompiledPrograms _programs;

        public ElfFileCompiledTests(CompiledPrograms programs)
        {
            _programs = programs;
        }

        [Fact]
        public void StaticExecutableIsExecWithoutInterpreter()
        {
            Assert.Equal(ElfError.None, ElfFile.Parse(_programs.Static, out ElfFile elf));
            Assert.Equal(ElfConstants.ET_EXEC, elf.Type);
            Assert.Equal(ElfConstants.EM_X86_64, elf.Machine);
            Assert.False(elf.HasInterpreter);
            Assert.True(elf.InterpreterPath.IsEmpty);
            Assert.False(elf.IsStaticPie);
            Assert.False(elf.IsSharedLibrary);
            Assert.NotEqual(0UL, elf.Entry);
            Assert.Equal(56, elf.ProgramHeaderEntrySize);
            Assert.True(elf.ProgramHeaderCount > 1);
        }

        [Fact]
        public void StaticExecutableEntryLiesInAnExecutableLoadSegment()
        {
            ElfFile.Parse(_programs.Static, out ElfFile elf);
            bool found = false;
            for (int i = 0; i < elf.ProgramHeaderCount; i++)
            {
                Assert.Equal(ElfError.None, elf.GetProgramHeader(i, out ElfProgramHeader header));
                if (header.Type == ElfConstants.PT_LOAD && (header.Flags & ElfConstants.PF_X) != 0 &&
                    elf.Entry >= header.VirtualAddress && elf.Entry < header.VirtualAddress + header.MemorySize)
                {
                    found = true;
                }
            }

            Assert.True(found);
        }

        [Fact]
        public void StaticPieIsDynWithoutInterpreter()
        {
            Assert.Equal(ElfError.None, ElfFile.Parse(_programs.StaticPie, out ElfFile elf));
            Assert.Equal(ElfConstants.ET_DYN, elf.Type);
            Assert.False(elf.HasInterpreter);
            Assert.True(elf.HasPieFlag);
            Assert.True(elf.IsStaticPie);
            Assert.False(elf.IsSharedLibrary);
        }

        [Fact]
        public void DynamicExecutableNamesItsInterpreter()
        {
            Assert.Equal(ElfError.None, ElfFile.Parse(_programs.Dynamic, out ElfFile elf));
            Assert.True(elf.HasInterpreter);
            Assert.Equal("/lib64/ld-linux-x86-64.so.2", Encoding.ASCII.GetString(elf.InterpreterPath));
            Assert.False(elf.IsStaticPie);
        }

        [Fact]
        public void SystemBinaryIsDynamic()
        {
            byte[] ls = File.ReadAllBytes("/bin/ls");
            Assert.Equal(ElfError.None, ElfFile.Parse(ls, out ElfFile elf));
            Assert.True(elf.HasInterpreter);
        }

        [Fact]
        public void SharedLibraryIsRecognized()
        {
            Assert.Equal(ElfError.None, ElfFile.Parse(_programs.SharedLibrary, out ElfFile elf));
            Assert.Equal(ElfConstants.ET_DYN, elf.Type);
            Assert.True(elf.IsSharedLibrary);
            Assert.False(elf.IsStaticPie);
        }

        [Fact]
        public void SymbolTableNamesTheFunctionContainingAnAddress()
        {
            ElfFile.Parse(_programs.Static, out ElfFile elf);
            Assert.Equal(ElfError.None, ElfSymbolTable.Open(elf, out ElfSymbolTable symbols));
            ulong marker = FindSymbol(symbols, "kiln_marker", out ulong size);
            Assert.True(size > 0);

            Assert.True(symbols.TryFindContaining(marker + size - 1, out ElfSymbol symbol));
            Assert.Equal("kiln_marker", Encoding.ASCII.GetString(symbol.Name));
            Assert.Equal(ElfConstants.STT_FUNC, symbol.Type);
            Assert.Equal(marker, symbol.Value);
        }

        [Fact]
        public void SymbolTableOfStaticPieUsesFileAddresses()
        {
            ElfFile.Parse(_programs.StaticPie, out ElfFile elf);
            Assert.Equal(ElfError.None, ElfSymbolTable.Open(elf, out ElfSymbolTable symbols));
            ulong main = FindSymbol(symbols, "main", out _);
            Assert.True(symbols.TryFindContaining(main, out ElfSymbol symbol));
            Assert.Equal("main", Encoding.ASCII.GetString(symbol.Name));
        }

        [Fact]
        public void AddressBelowEverySymbolIsNotFound()
        {
            ElfFile.Parse(_programs.Static, out ElfFile elf);
            ElfSymbolTable.Open(elf, out ElfSymbolTable symbols);
            Assert.False(symbols.TryFindContaining(0x10, out _));
        }

        [Fact]
        public void StrippedProgramHasNoSymbolTable()
        {
            ElfFile.Parse(_programs.Stripped, out ElfFile elf);
            Assert.Equal(ElfError.NoSymbolTable, ElfSymbolTable.Open(elf, out _));
        }

        [Fact]
        public void SymbolIndexOutOfRangeIsAnError()
        {
            ElfFile.Parse(_programs.Static, out ElfFile elf);
            ElfSymbolTable.Open(elf, out ElfSymbolTable symbols);
            Assert.Equal(ElfError.IndexOutOfRange, symbols.GetSymbol(-1, out _));
            Assert.Equal(ElfError.IndexOutOfRange, symbols.GetSymbol(symbols.Count, out _));
        }

        private static ulong FindSymbol(ElfSymbolTable symbols, string name, out ulong size)
        {
            for (int i = 0; i < symbols.Count; i++)
            {
                Assert.Equal(ElfError.None, symbols.GetSymbol(i, out ElfSymbol symbol));
                if (Encoding.ASCII.GetString(symbol.Name) == name)
                {
                    size = symbol.Size;
                    return symbol.Value;
                }
            }

            throw new Xunit.Sdk.XunitException($"symbol {name} not found");
        }
    }
}
