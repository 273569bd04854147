// One entry of an ELF64 program header table (Elf64_Phdr, System V gABI "Program Header").

using System;
using System.Buffers.Binary;

namespace Kiln.Elf
{
    /// <summary>An ELF64 program header, copied out of the file.</summary>
    public struct ElfProgramHeader
    {
        /// <summary>Segment type (PT_LOAD, PT_INTERP, ...).</summary>
        public uint Type;

        /// <summary>Segment permissions (PF_R | PF_W | PF_X).</summary>
        public uint Flags;

        /// <summary>Offset of the segment's bytes in the file.</summary>
        public ulong Offset;

        /// <summary>Virtual address of the segment (before any load bias).</summary>
        public ulong VirtualAddress;

        /// <summary>Physical address (unused by Kiln).</summary>
        public ulong PhysicalAddress;

        /// <summary>Number of bytes in the file.</summary>
        public ulong FileSize;

        /// <summary>Number of bytes in memory; the part past FileSize is zeroed.</summary>
        public ulong MemorySize;

        /// <summary>Alignment of the segment in memory and in the file.</summary>
        public ulong Align;

        /// <summary>Reads a program header from 56 bytes; the caller has checked the length.</summary>
        internal static ElfProgramHeader Read(ReadOnlySpan<byte> entry)
        {
            ElfProgramHeader header;
            header.Type = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            header.Flags = BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4));
            header.Offset = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(8));
            header.VirtualAddress = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(16));
            header.PhysicalAddress = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(24));
            header.FileSize = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(32));
            header.MemorySize = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(40));
            header.Align = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(48));
            return header;
        }
    }
}
