// Reader for an ELF64 file's .symtab (SHT_SYMTAB) and its linked string table, used to name program addresses in
// crash backtraces. Every symbol and name is bounds-checked as it is read.

using System;
using System.Buffers.Binary;

namespace Kiln.Elf
{
    /// <summary>The static symbol table of a parsed ELF file.</summary>
    public ref struct ElfSymbolTable
    {
        // Section indices from here up are reserved (SHN_ABS, SHN_COMMON, ...): no code lives there.
        private const ushort SHN_LORESERVE = 0xff00;

        private ReadOnlySpan<byte> _symbols;
        private ReadOnlySpan<byte> _strings;
        private int _count;

        /// <summary>Number of entries, including the null symbol at index 0.</summary>
        public readonly int Count => _count;

        /// <summary>Finds the SHT_SYMTAB section of <paramref name="file"/> and its string table.</summary>
        /// <returns>None, NoSymbolTable for a stripped file, or BadSectionHeaders/BadSymbolTable.</returns>
        public static ElfError Open(ElfFile file, out ElfSymbolTable table)
        {
            table = default;
            if (file.SectionHeaderCount == 0)
            {
                return file.SectionHeaderOffset == 0 ? ElfError.NoSymbolTable : ElfError.BadSectionHeaders;
            }

            for (int i = 0; i < file.SectionHeaderCount; i++)
            {
                file.GetSectionHeader(i, out ElfSectionHeader section);
                if (section.Type != ElfConstants.SHT_SYMTAB)
                {
                    continue;
                }

                if (section.EntrySize != ElfConstants.Elf64SymbolSize ||
                    !FileRange.Fits(section.Offset, section.Size, file.Data.Length) ||
                    file.GetSectionHeader(section.Link > 0xffff ? -1 : (int)section.Link, out ElfSectionHeader strings) != ElfError.None ||
                    strings.Type != ElfConstants.SHT_STRTAB ||
                    !FileRange.Fits(strings.Offset, strings.Size, file.Data.Length))
                {
                    return ElfError.BadSymbolTable;
                }

                table._symbols = file.Data.Slice((int)section.Offset, (int)section.Size);
                table._strings = file.Data.Slice((int)strings.Offset, (int)strings.Size);
                table._count = table._symbols.Length / ElfConstants.Elf64SymbolSize;
                return ElfError.None;
            }

            return ElfError.NoSymbolTable;
        }

        /// <summary>Reads symbol <paramref name="index"/>.</summary>
        /// <returns>None, IndexOutOfRange, or BadSymbolTable if its name is outside the string table.</returns>
        public readonly ElfError GetSymbol(int index, out ElfSymbol symbol)
        {
            symbol = default;
            if (index < 0 || index >= _count)
            {
                return ElfError.IndexOutOfRange;
            }

            ReadOnlySpan<byte> entry = _symbols.Slice(index * ElfConstants.Elf64SymbolSize, ElfConstants.Elf64SymbolSize);
            uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            byte info = entry[4];
            symbol.Type = (byte)(info & 0xf);
            symbol.Binding = (byte)(info >> 4);
            symbol.SectionIndex = BinaryPrimitives.ReadUInt16LittleEndian(entry.Slice(6));
            symbol.Value = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(8));
            symbol.Size = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(16));
            if (nameOffset >= (uint)_strings.Length)
            {
                return nameOffset == 0 ? ElfError.None : ElfError.BadSymbolTable;
            }

            ReadOnlySpan<byte> rest = _strings.Slice((int)nameOffset);
            int length = 0;
            while (length < rest.Length && rest[length] != 0)
            {
                length++;
            }

            if (length == rest.Length)
            {
                return ElfError.BadSymbolTable;
            }

            symbol.Name = rest.Slice(0, length);
            return ElfError.None;
        }

        /// <summary>
        /// Finds the function or object symbol that contains <paramref name="address"/>; failing that, the closest
        /// named function symbol below it (for assembly routines that have no size).
        /// </summary>
        /// <returns>True and the symbol, or false if no defined symbol lies at or below the address.</returns>
        public readonly bool TryFindContaining(ulong address, out ElfSymbol symbol)
        {
            symbol = default;
            int best = -1;
            ulong bestValue = 0;
            bool bestContains = false;
            for (int i = 1; i < _count; i++)
            {
                if (GetSymbol(i, out ElfSymbol candidate) != ElfError.None || candidate.Name.IsEmpty ||
                    candidate.SectionIndex == ElfConstants.SHN_UNDEF || candidate.SectionIndex >= SHN_LORESERVE ||
                    candidate.Value > address ||
                    (candidate.Type != ElfConstants.STT_FUNC && candidate.Type != ElfConstants.STT_OBJECT &&
                     candidate.Type != ElfConstants.STT_NOTYPE && candidate.Type != ElfConstants.STT_GNU_IFUNC))
                {
                    continue;
                }

                bool contains = address - candidate.Value < candidate.Size;
                if ((contains && (!bestContains || candidate.Value > bestValue)) ||
                    (!contains && !bestContains && candidate.Type == ElfConstants.STT_FUNC && (best < 0 || candidate.Value > bestValue)))
                {
                    best = i;
                    bestValue = candidate.Value;
                    bestContains = contains;
                }
            }

            return best >= 0 && GetSymbol(best, out symbol) == ElfError.None;
        }
    }
}
