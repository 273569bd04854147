// One entry of an ELF64 symbol table (Elf64_Sym) with its name resolved in the linked string table.

using System;

namespace Kiln.Elf
{
    /// <summary>A symbol from .symtab: its value, size, type and name.</summary>
    public ref struct ElfSymbol
    {
        /// <summary>The symbol's name without the terminating NUL (empty for unnamed symbols).</summary>
        public ReadOnlySpan<byte> Name;

        /// <summary>st_value: the symbol's address in the file's address space.</summary>
        public ulong Value;

        /// <summary>st_size: the size of the object or function, 0 if unknown.</summary>
        public ulong Size;

        /// <summary>The low nibble of st_info: STT_FUNC, STT_OBJECT, ...</summary>
        public byte Type;

        /// <summary>The high nibble of st_info: STB_LOCAL (0), STB_GLOBAL (1), STB_WEAK (2).</summary>
        public byte Binding;

        /// <summary>st_shndx: the section the symbol is defined in, SHN_UNDEF (0) if undefined.</summary>
        public ushort SectionIndex;
    }
}
