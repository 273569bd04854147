// Why an ELF file was rejected. The parser returns these as values: a truncated or hostile file is an error, never a
// bounds fault (in the kernel an out-of-range index is a panic).

namespace Kiln.Elf
{
    /// <summary>The result of validating an ELF file or one of its tables.</summary>
    public enum ElfError
    {
        /// <summary>The file is valid.</summary>
        None,

        /// <summary>Shorter than the ELF identification or the ELF64 file header.</summary>
        TooSmall,

        /// <summary>Does not start with the bytes 0x7F 'E' 'L' 'F'.</summary>
        NotElf,

        /// <summary>A 32-bit ELF file (ELFCLASS32).</summary>
        Not64Bit,

        /// <summary>EI_CLASS is neither ELFCLASS32 nor ELFCLASS64.</summary>
        BadClass,

        /// <summary>EI_DATA is not ELFDATA2LSB.</summary>
        NotLittleEndian,

        /// <summary>EI_VERSION or e_version is not EV_CURRENT.</summary>
        BadVersion,

        /// <summary>e_machine is not EM_X86_64.</summary>
        NotX86_64,

        /// <summary>e_type is neither ET_EXEC nor ET_DYN.</summary>
        UnsupportedType,

        /// <summary>The program header table has a bad entry size or count, or lies outside the file.</summary>
        BadProgramHeaders,

        /// <summary>A segment's file bytes lie outside the file.</summary>
        SegmentOutOfFile,

        /// <summary>A loadable segment has p_filesz larger than p_memsz, an address overflow or a bad alignment.</summary>
        BadSegment,

        /// <summary>More than one PT_INTERP, or its path is empty or not NUL-terminated.</summary>
        BadInterpreter,

        /// <summary>The section header table has a bad entry size or count, or lies outside the file.</summary>
        BadSectionHeaders,

        /// <summary>The file has no .symtab section (it was stripped).</summary>
        NoSymbolTable,

        /// <summary>The .symtab section or its string table is malformed or outside the file.</summary>
        BadSymbolTable,

        /// <summary>An index passed to an accessor is out of range.</summary>
        IndexOutOfRange,

        /// <summary>The file has no PT_DYNAMIC segment (it is statically linked).</summary>
        NoDynamicSection,

        /// <summary>The dynamic section's string table is missing, outside the file, or a name runs past its end.</summary>
        BadDynamicSection,
    }
}
