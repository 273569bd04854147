// Numeric constants of the ELF64 format, named as in the System V gABI and the x86-64 psABI (elf.h spelling).

namespace Kiln.Elf
{
    /// <summary>ELF64 constants with their elf.h names.</summary>
    public static class ElfConstants
    {
        /// <summary>Size of e_ident.</summary>
        public const int EI_NIDENT = 16;
        /// <summary>Offset of the file class in e_ident.</summary>
        public const int EI_CLASS = 4;
        /// <summary>Offset of the data encoding in e_ident.</summary>
        public const int EI_DATA = 5;
        /// <summary>Offset of the identification version in e_ident.</summary>
        public const int EI_VERSION = 6;

        /// <summary>32-bit objects.</summary>
        public const byte ELFCLASS32 = 1;
        /// <summary>64-bit objects.</summary>
        public const byte ELFCLASS64 = 2;
        /// <summary>Two's complement, little-endian.</summary>
        public const byte ELFDATA2LSB = 1;
        /// <summary>The current ELF version.</summary>
        public const byte EV_CURRENT = 1;

        /// <summary>Size of the ELF64 file header.</summary>
        public const int Elf64HeaderSize = 64;
        /// <summary>Size of an ELF64 program header.</summary>
        public const int Elf64ProgramHeaderSize = 56;
        /// <summary>Size of an ELF64 section header.</summary>
        public const int Elf64SectionHeaderSize = 64;
        /// <summary>Size of an ELF64 symbol table entry.</summary>
        public const int Elf64SymbolSize = 24;

        /// <summary>Executable file.</summary>
        public const ushort ET_EXEC = 2;
        /// <summary>Shared object (also static-PIE and PIE executables).</summary>
        public const ushort ET_DYN = 3;

        /// <summary>Intel 80386.</summary>
        public const ushort EM_386 = 3;
        /// <summary>AMD x86-64.</summary>
        public const ushort EM_X86_64 = 62;

        /// <summary>Program header table entry unused.</summary>
        public const uint PT_NULL = 0;
        /// <summary>Loadable segment.</summary>
        public const uint PT_LOAD = 1;
        /// <summary>Dynamic linking information.</summary>
        public const uint PT_DYNAMIC = 2;
        /// <summary>Program interpreter path.</summary>
        public const uint PT_INTERP = 3;
        /// <summary>Auxiliary information.</summary>
        public const uint PT_NOTE = 4;
        /// <summary>The program header table itself.</summary>
        public const uint PT_PHDR = 6;
        /// <summary>Thread-local storage template.</summary>
        public const uint PT_TLS = 7;
        /// <summary>GNU stack permissions.</summary>
        public const uint PT_GNU_STACK = 0x6474e551;

        /// <summary>Segment is executable.</summary>
        public const uint PF_X = 1;
        /// <summary>Segment is writable.</summary>
        public const uint PF_W = 2;
        /// <summary>Segment is readable.</summary>
        public const uint PF_R = 4;

        /// <summary>Section without file bytes (.bss).</summary>
        public const uint SHT_NOBITS = 8;
        /// <summary>Symbol table.</summary>
        public const uint SHT_SYMTAB = 2;
        /// <summary>String table.</summary>
        public const uint SHT_STRTAB = 3;
        /// <summary>Undefined section index.</summary>
        public const ushort SHN_UNDEF = 0;
        /// <summary>Section index stored in sh_link of section 0.</summary>
        public const ushort SHN_XINDEX = 0xffff;

        /// <summary>Symbol type: unspecified.</summary>
        public const byte STT_NOTYPE = 0;
        /// <summary>Symbol type: data object.</summary>
        public const byte STT_OBJECT = 1;
        /// <summary>Symbol type: function.</summary>
        public const byte STT_FUNC = 2;
        /// <summary>Symbol type: section.</summary>
        public const byte STT_SECTION = 3;
        /// <summary>Symbol type: source file.</summary>
        public const byte STT_FILE = 4;
        /// <summary>Symbol type: thread-local data.</summary>
        public const byte STT_TLS = 6;
        /// <summary>Symbol type: GNU indirect function.</summary>
        public const byte STT_GNU_IFUNC = 10;
    }
}
