// ELF parser tests on hand-made and damaged headers: each rejection has its own error, and no input makes it throw.

using System;
using Kiln.Elf;
using Kiln.Kernel.Logic.Tests.Support;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Elf
{
    public sealed class ElfFileMalformedTests : IClassFixture<CompiledPrograms>
    {
        private readonly CompiledPrograms _programs;

        public ElfFileMalformedTests(CompiledPrograms programs)
        {
            _programs = programs;
        }

        [Fact]
        public void CraftedImageIsValid()
        {
            Assert.Equal(ElfError.None, ElfFile.Parse(CraftedElf.Create(), out ElfFile elf));
            Assert.Equal(1, elf.ProgramHeaderCount);
            Assert.Equal(0, elf.SectionHeaderCount);
            Assert.Equal(ElfError.NoSymbolTable, ElfSymbolTable.Open(elf, out _));
        }

        [Theory]
        [InlineData(new byte[0], ElfError.TooSmall)]
        [InlineData(new byte[] { 0x7f, (byte)'E' }, ElfError.TooSmall)]
        [InlineData(new byte[] { (byte)'h', (byte)'i', (byte)'!', (byte)'\n', 0, 0 }, ElfError.NotElf)]
        [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1 }, ElfError.TooSmall)]
        public void TinyInputsAreRejected(byte[] data, ElfError expected)
        {
            Assert.Equal(expected, ElfFile.Parse(data, out _));
        }

        [Fact]
        public void ThirtyTwoBitIsRejectedDistinctly()
        {
            Assert.Equal(ElfError.Not64Bit, ElfFile.Parse(CraftedElf.Create32Bit(), out _));
            Assert.True(ElfFile.TryReadMachine(CraftedElf.Create32Bit(), out ushort machine));
            Assert.Equal(ElfConstants.EM_386, machine);
        }

        [Fact]
        public void TruncatedThirtyTwoBitHeaderIsStillThirtyTwoBit()
        {
            Assert.Equal(ElfError.Not64Bit, ElfFile.Parse(CraftedElf.Create32Bit().AsSpan(0, 20), out _));
        }

        [Theory]
        [InlineData(4, 0, ElfError.BadClass)]
        [InlineData(4, 3, ElfError.BadClass)]
        [InlineData(5, 2, ElfError.NotLittleEndian)]
        [InlineData(6, 0, ElfError.BadVersion)]
        [InlineData(16, 1, ElfError.UnsupportedType)]
        [InlineData(16, 4, ElfError.UnsupportedType)]
        [InlineData(18, 183, ElfError.NotX86_64)]
        [InlineData(18, 3, ElfError.NotX86_64)]
        [InlineData(54, 32, ElfError.BadProgramHeaders)]
        [InlineData(56, 0, ElfError.BadProgramHeaders)]
        [InlineData(56, 2, ElfError.BadProgramHeaders)]
        public void DamagedHeaderFieldIsRejected(int offset, byte value, ElfError expected)
        {
            byte[] image = CraftedElf.Create();
            image[offset] = value;
            Assert.Equal(expected, ElfFile.Parse(image, out _));
        }

        [Fact]
        public void NonX86MachineCanStillBeNamed()
        {
            byte[] image = CraftedElf.Create();
            CraftedElf.WriteU16(image, 18, 183);
            Assert.Equal(ElfError.NotX86_64, ElfFile.Parse(image, out _));
            Assert.True(ElfFile.TryReadMachine(image, out ushort machine));
            Assert.Equal(183, machine);
        }

        [Fact]
        public void ProgramHeaderTableBeyondTheFileIsRejected()
        {
            byte[] image = CraftedElf.Create();
            CraftedElf.WriteU64(image, 32, ulong.MaxValue - 8);
            Assert.Equal(ElfError.BadProgramHeaders, ElfFile.Parse(image, out _));
        }

        [Theory]
        [InlineData(0UL, 1000UL, 1000UL, ElfError.SegmentOutOfFile)]
        [InlineData(ulong.MaxValue, 1UL, 1UL, ElfError.SegmentOutOfFile)]
        [InlineData(8UL, ulong.MaxValue, ulong.MaxValue, ElfError.SegmentOutOfFile)]
        [InlineData(0UL, 64UL, 32UL, ElfError.BadSegment)]
        public void BadLoadSegmentIsRejected(ulong offset, ulong fileSize, ulong memorySize, ElfError expected)
        {
            byte[] image = CraftedElf.Create();
            CraftedElf.SetProgramHeader(image, 0, ElfConstants.PT_LOAD, offset, 0x400000 + (offset % 0x1000), fileSize, memorySize, 0x1000);
            Assert.Equal(expected, ElfFile.Parse(image, out _));
        }

        [Fact]
        public void MisalignedLoadSegmentIsRejected()
        {
            byte[] image = CraftedElf.Create();
            CraftedElf.SetProgramHeader(image, 0, ElfConstants.PT_LOAD, 0, 0x400010, 64, 64, 0x1000);
            Assert.Equal(ElfError.BadSegment, ElfFile.Parse(image, out _));
        }

        [Fact]
        public void InterpreterWithoutNulIsRejected()
        {
            byte[] image = CraftedElf.Create();
            image[CraftedElf.CodeOffset] = (byte)'/';
            image[CraftedElf.CodeOffset + 1] = (byte)'x';
            CraftedElf.SetProgramHeader(image, 0, ElfConstants.PT_INTERP, CraftedElf.CodeOffset, 0, 2, 2, 1);
            Assert.Equal(ElfError.BadInterpreter, ElfFile.Parse(image, out _));
        }

        [Fact]
        public void InterpreterPathIsReturnedWithoutNul()
        {
            byte[] image = CraftedElf.Create();
            image[CraftedElf.CodeOffset] = (byte)'/';
            image[CraftedElf.CodeOffset + 1] = (byte)'x';
            CraftedElf.SetProgramHeader(image, 0, ElfConstants.PT_INTERP, CraftedElf.CodeOffset, 0, 3, 3, 1);
            Assert.Equal(ElfError.None, ElfFile.Parse(image, out ElfFile elf));
            Assert.True(elf.HasInterpreter);
            Assert.Equal(new byte[] { (byte)'/', (byte)'x' }, elf.InterpreterPath.ToArray());
        }

        [Fact]
        public void ProgramHeaderIndexOutOfRangeIsAnError()
        {
            ElfFile.Parse(CraftedElf.Create(), out ElfFile elf);
            Assert.Equal(ElfError.IndexOutOfRange, elf.GetProgramHeader(-1, out _));
            Assert.Equal(ElfError.IndexOutOfRange, elf.GetProgramHeader(1, out _));
            Assert.Equal(ElfError.IndexOutOfRange, elf.GetSectionHeader(0, out _));
        }

        [Fact]
        public void EveryTruncationOfARealProgramIsHandled()
        {
            byte[] program = _programs.Static;
            int limit = Math.Min(program.Length, 8192);
            for (int length = 0; length < limit; length++)
            {
                ElfError error = ElfFile.Parse(program.AsSpan(0, length), out ElfFile elf);
                Assert.NotEqual(ElfError.None, error);
            }
        }

        [Fact]
        public void RandomCorruptionNeverThrows()
        {
            Random random = new Random(1234);
            foreach (byte[] original in new[] { _programs.Static, _programs.StaticPie, _programs.Dynamic })
            {
                for (int round = 0; round < 300; round++)
                {
                    byte[] damaged = (byte[])original.Clone();
                    int changes = random.Next(1, 8);
                    for (int i = 0; i < changes; i++)
                    {
                        // Aim at the headers, where the offsets and sizes live, half of the time.
                        int at = random.Next(2) == 0 ? random.Next(Math.Min(512, damaged.Length)) : random.Next(damaged.Length);
                        damaged[at] = (byte)random.Next(256);
                    }

                    Exercise(damaged);
                }
            }
        }

        [Fact]
        public void SectionTableDamageIsReportedBySymbolTable()
        {
            byte[] image = (byte[])_programs.Static.Clone();
            CraftedElf.WriteU64(image, 40, (ulong)image.Length);
            Assert.Equal(ElfError.None, ElfFile.Parse(image, out ElfFile elf));
            Assert.Equal(ElfError.BadSectionHeaders, ElfSymbolTable.Open(elf, out _));
        }

        private static void Exercise(byte[] image)
        {
            if (ElfFile.Parse(image, out ElfFile elf) != ElfError.None)
            {
                return;
            }

            _ = elf.InterpreterPath.Length;
            for (int i = 0; i < elf.ProgramHeaderCount; i++)
            {
                elf.GetProgramHeader(i, out _);
            }

            if (ElfSymbolTable.Open(elf, out ElfSymbolTable symbols) == ElfError.None)
            {
                for (int i = 0; i < symbols.Count; i++)
                {
                    symbols.GetSymbol(i, out _);
                }

                symbols.TryFindContaining(elf.Entry, out _);
            }
        }
    }
}
