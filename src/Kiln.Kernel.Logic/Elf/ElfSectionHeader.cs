// One entry of an ELF64 section header table (Elf64_Shdr, System V gABI "Sections").

using System;
using System.Buffers.Binary;

namespace Kiln.Elf
{
    /// <summary>An ELF64 section header, copied out of the file.</summary>
    public struct ElfSectionHeader
    {
        /// <summary>Offset of the section's name in the section name string table.</summary>
        public uint Name;

        /// <summary>Section type (SHT_SYMTAB, SHT_STRTAB, ...).</summary>
        public uint Type;

        /// <summary>Section flags.</summary>
        public ulong Flags;

        /// <summary>Virtual address of the section in memory.</summary>
        public ulong Address;

        /// <summary>Offset of the section's bytes in the file.</summary>
        public ulong Offset;

        /// <summary>Size of the section in bytes.</summary>
        public ulong Size;

        /// <summary>Index of an associated section (for SHT_SYMTAB: its string table).</summary>
        public uint Link;

        /// <summary>Extra information (for SHT_SYMTAB: index of the first global symbol).</summary>
        public uint Info;

        /// <summary>Alignment of the section.</summary>
        public ulong AddressAlign;

        /// <summary>Size of each entry for sections holding a table.</summary>
        public ulong EntrySize;

        /// <summary>Reads a section header from 64 bytes; the caller has checked the length.</summary>
        internal static ElfSectionHeader Read(ReadOnlySpan<byte> entry)
        {
            ElfSectionHeader header;
            header.Name = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            header.Type = BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4));
            header.Flags = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(8));
            header.Address = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(16));
            header.Offset = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(24));
            header.Size = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(32));
            header.Link = BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(40));
            header.Info = BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(44));
            header.AddressAlign = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(48));
            header.EntrySize = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(56));
            return header;
        }
    }
}
