// Tags of the ELF64 dynamic section (Elf64_Dyn.d_tag) that the library resolver reads, with their elf.h names
// (System V gABI "Dynamic Section"; DT_RUNPATH and DT_FLAGS_1 from the gABI update and the GNU extensions).

namespace Kiln.Elf
{
    /// <summary>Dynamic section tags and flags.</summary>
    public static class ElfDynamicTags
    {
        /// <summary>Size of one Elf64_Dyn entry (d_tag, d_val).</summary>
        public const int EntrySize = 16;

        /// <summary>Marks the end of the dynamic section.</summary>
        public const ulong DT_NULL = 0;
        /// <summary>String table offset of a needed library's name.</summary>
        public const ulong DT_NEEDED = 1;
        /// <summary>Address of the dynamic string table.</summary>
        public const ulong DT_STRTAB = 5;
        /// <summary>Size of the dynamic string table in bytes.</summary>
        public const ulong DT_STRSZ = 10;
        /// <summary>String table offset of the object's shared object name.</summary>
        public const ulong DT_SONAME = 14;
        /// <summary>String table offset of the library search path (the old, inherited kind).</summary>
        public const ulong DT_RPATH = 15;
        /// <summary>String table offset of the library search path for the object's own needs.</summary>
        public const ulong DT_RUNPATH = 29;
        /// <summary>GNU flags word.</summary>
        public const ulong DT_FLAGS_1 = 0x6ffffffb;

        /// <summary>DT_FLAGS_1: ignore the default library search path (ld.so.cache and the system directories).</summary>
        public const ulong DF_1_NODEFLIB = 0x800;
    }
}
