// A validated view of an ELF64 x86-64 executable held in memory: the file header, the program header table and the
// interpreter path. Parse checks every offset against the file length so accessors never index out of range.

using System;
using System.Buffers.Binary;

namespace Kiln.Elf
{
    /// <summary>An ELF64 little-endian x86-64 file (ET_EXEC or ET_DYN) that passed validation.</summary>
    public ref struct ElfFile
    {
        private const ulong DT_NULL = 0;
        private const ulong DT_FLAGS_1 = 0x6ffffffb;
        private const ulong DF_1_PIE = 0x08000000;

        private ReadOnlySpan<byte> _data;
        private ulong _fileLength;
        private ushort _type;
        private ushort _machine;
        private ulong _entry;
        private ulong _programHeaderOffset;
        private int _programHeaderEntrySize;
        private int _programHeaderCount;
        private ulong _sectionHeaderOffset;
        private int _sectionHeaderEntrySize;
        private int _sectionHeaderCount;
        private int _sectionNameIndex;
        private int _interpreterIndex;
        private bool _pieFlag;

        /// <summary>The whole file, or only its first bytes for a file parsed with ParseHeaders.</summary>
        public readonly ReadOnlySpan<byte> Data => _data;

        /// <summary>The file's length in bytes (more than Data.Length for a file parsed with ParseHeaders).</summary>
        public readonly ulong FileLength => _fileLength;

        /// <summary>e_type: ET_EXEC or ET_DYN.</summary>
        public readonly ushort Type => _type;

        /// <summary>e_machine: always EM_X86_64 for a parsed file.</summary>
        public readonly ushort Machine => _machine;

        /// <summary>e_entry: the entry point (before any load bias).</summary>
        public readonly ulong Entry => _entry;

        /// <summary>e_phoff: file offset of the program header table.</summary>
        public readonly ulong ProgramHeaderOffset => _programHeaderOffset;

        /// <summary>e_phentsize: size of one program header (56).</summary>
        public readonly int ProgramHeaderEntrySize => _programHeaderEntrySize;

        /// <summary>e_phnum: number of program headers.</summary>
        public readonly int ProgramHeaderCount => _programHeaderCount;

        /// <summary>e_shoff: file offset of the section header table (0 if none).</summary>
        public readonly ulong SectionHeaderOffset => _sectionHeaderOffset;

        /// <summary>e_shnum: number of section headers (0 if the table is absent or unusable).</summary>
        public readonly int SectionHeaderCount => _sectionHeaderCount;

        /// <summary>e_shstrndx: index of the section name string table.</summary>
        public readonly int SectionNameIndex => _sectionNameIndex;

        /// <summary>True if the program has a PT_INTERP segment (it is dynamically linked).</summary>
        public readonly bool HasInterpreter => _interpreterIndex >= 0;

        /// <summary>True for ET_DYN with DF_1_PIE in DT_FLAGS_1 (set by the linker for PIE and static-PIE).</summary>
        public readonly bool HasPieFlag => _pieFlag;

        /// <summary>True for a static-PIE: ET_DYN without PT_INTERP that is an executable, not a library.</summary>
        public readonly bool IsStaticPie => _type == ElfConstants.ET_DYN && !HasInterpreter && !IsSharedLibrary;

        /// <summary>
        /// True for a shared library: ET_DYN without PT_INTERP, without DF_1_PIE and with no entry point.
        /// </summary>
        public readonly bool IsSharedLibrary =>
            _type == ElfConstants.ET_DYN && !HasInterpreter && !_pieFlag && _entry == 0;

        /// <summary>
        /// The interpreter path without its terminating NUL; empty if there is no PT_INTERP, or when ParseHeaders was
        /// given a prefix that does not hold it (read the segment from the file then).
        /// </summary>
        public readonly ReadOnlySpan<byte> InterpreterPath
        {
            get
            {
                if (_interpreterIndex < 0)
                {
                    return default;
                }

                ElfProgramHeader interp = ReadProgramHeader(_interpreterIndex);
                if (!FileRange.Fits(interp.Offset, interp.FileSize, _data.Length))
                {
                    return default;
                }

                // Parse checked that the segment is inside the file and ends with a NUL.
                return _data.Slice((int)interp.Offset, (int)interp.FileSize - 1);
            }
        }

        /// <summary>Reads e_machine from any ELF file (32- or 64-bit) that is at least 20 bytes long.</summary>
        public static bool TryReadMachine(ReadOnlySpan<byte> data, out ushort machine)
        {
            machine = 0;
            if (data.Length < 20 || !HasMagic(data))
            {
                return false;
            }

            // e_machine is at offset 18 in both ELF32 and ELF64 headers.
            machine = data[ElfConstants.EI_DATA] == ElfConstants.ELFDATA2LSB
                ? BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(18))
                : (ushort)((data[18] << 8) | data[19]);
            return true;
        }

        /// <summary>Validates <paramref name="data"/> as an ELF64 x86-64 executable.</summary>
        /// <returns><see cref="ElfError.None"/> and a usable <paramref name="file"/>, or why the file is rejected.</returns>
        public static ElfError Parse(ReadOnlySpan<byte> data, out ElfFile file) => ParseHeaders(data, (ulong)data.Length, out file);

        /// <summary>
        /// Validates an ELF64 x86-64 executable of <paramref name="fileLength"/> bytes from its first bytes alone
        /// (<paramref name="prefix"/>, which must hold the file header and the program header table): what a loader
        /// reading the file through a page cache has. Segments are checked against the file length; the interpreter
        /// path, the PIE flag and the section headers are read only where the prefix holds them.
        /// </summary>
        public static ElfError ParseHeaders(ReadOnlySpan<byte> prefix, ulong fileLength, out ElfFile file)
        {
            ReadOnlySpan<byte> data = fileLength < (ulong)prefix.Length ? prefix.Slice(0, (int)fileLength) : prefix;
            file = default;
            file._interpreterIndex = -1;
            file._fileLength = fileLength < (ulong)prefix.Length ? fileLength : Math.Max(fileLength, (ulong)data.Length);
            ElfError error = ParseHeader(data, ref file);
            if (error != ElfError.None)
            {
                return error;
            }

            error = ParseProgramHeaders(ref file);
            if (error != ElfError.None)
            {
                return error;
            }

            file.ParseSectionHeaderTable(data);
            return ElfError.None;
        }

        /// <summary>Copies out program header <paramref name="index"/>.</summary>
        public readonly ElfError GetProgramHeader(int index, out ElfProgramHeader header)
        {
            header = default;
            if (index < 0 || index >= _programHeaderCount)
            {
                return ElfError.IndexOutOfRange;
            }

            header = ReadProgramHeader(index);
            return ElfError.None;
        }

        /// <summary>Copies out section header <paramref name="index"/>.</summary>
        public readonly ElfError GetSectionHeader(int index, out ElfSectionHeader header)
        {
            header = default;
            if (index < 0 || index >= _sectionHeaderCount)
            {
                return ElfError.IndexOutOfRange;
            }

            int offset = (int)_sectionHeaderOffset + (index * _sectionHeaderEntrySize);
            header = ElfSectionHeader.Read(_data.Slice(offset, ElfConstants.Elf64SectionHeaderSize));
            return ElfError.None;
        }

        private readonly ElfProgramHeader ReadProgramHeader(int index)
        {
            int offset = (int)_programHeaderOffset + (index * _programHeaderEntrySize);
            return ElfProgramHeader.Read(_data.Slice(offset, ElfConstants.Elf64ProgramHeaderSize));
        }

        private static bool HasMagic(ReadOnlySpan<byte> data)
        {
            return data.Length >= 4 && data[0] == 0x7f && data[1] == (byte)'E' && data[2] == (byte)'L' && data[3] == (byte)'F';
        }

        private static ElfError ParseHeader(ReadOnlySpan<byte> data, ref ElfFile file)
        {
            if (!HasMagic(data))
            {
                return data.Length < 4 ? ElfError.TooSmall : ElfError.NotElf;
            }

            if (data.Length < ElfConstants.EI_NIDENT)
            {
                return ElfError.TooSmall;
            }

            byte elfClass = data[ElfConstants.EI_CLASS];
            if (elfClass == ElfConstants.ELFCLASS32)
            {
                return ElfError.Not64Bit;
            }

            if (elfClass != ElfConstants.ELFCLASS64)
            {
                return ElfError.BadClass;
            }

            if (data[ElfConstants.EI_DATA] != ElfConstants.ELFDATA2LSB)
            {
                return ElfError.NotLittleEndian;
            }

            if (data.Length < ElfConstants.Elf64HeaderSize)
            {
                return ElfError.TooSmall;
            }

            if (data[ElfConstants.EI_VERSION] != ElfConstants.EV_CURRENT ||
                BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(20)) != ElfConstants.EV_CURRENT)
            {
                return ElfError.BadVersion;
            }

            file._data = data;
            file._type = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(16));
            file._machine = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(18));
            file._entry = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(24));
            file._programHeaderOffset = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(32));
            file._programHeaderEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(54));
            file._programHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(56));
            if (file._machine != ElfConstants.EM_X86_64)
            {
                return ElfError.NotX86_64;
            }

            if (file._type != ElfConstants.ET_EXEC && file._type != ElfConstants.ET_DYN)
            {
                return ElfError.UnsupportedType;
            }

            return ElfError.None;
        }

        private static ElfError ParseProgramHeaders(ref ElfFile file)
        {
            // PN_XNUM (0xffff) would move the count into section 0; no executable needs that many segments.
            if (file._programHeaderCount == 0 || file._programHeaderCount == 0xffff ||
                file._programHeaderEntrySize != ElfConstants.Elf64ProgramHeaderSize ||
                !FileRange.FitsTable(file._programHeaderOffset, file._programHeaderEntrySize, file._programHeaderCount, file._data.Length))
            {
                return ElfError.BadProgramHeaders;
            }

            ulong dynamicOffset = 0;
            ulong dynamicSize = 0;
            for (int i = 0; i < file._programHeaderCount; i++)
            {
                ElfProgramHeader header = file.ReadProgramHeader(i);
                ElfError error = ValidateSegment(file._data, file._fileLength, header);
                if (error != ElfError.None)
                {
                    return error;
                }

                if (header.Type == ElfConstants.PT_INTERP)
                {
                    if (file._interpreterIndex >= 0)
                    {
                        return ElfError.BadInterpreter;
                    }

                    file._interpreterIndex = i;
                }
                else if (header.Type == ElfConstants.PT_DYNAMIC)
                {
                    dynamicOffset = header.Offset;
                    dynamicSize = header.FileSize;
                }
            }

            file._pieFlag = FileRange.Fits(dynamicOffset, dynamicSize, file._data.Length)
                && ReadPieFlag(file._data, dynamicOffset, dynamicSize);
            return ElfError.None;
        }

        private static ElfError ValidateSegment(ReadOnlySpan<byte> data, ulong fileLength, ElfProgramHeader header)
        {
            if (header.Type == ElfConstants.PT_NULL)
            {
                return ElfError.None;
            }

            if (!FileRange.Fits(header.Offset, header.FileSize, fileLength))
            {
                return ElfError.SegmentOutOfFile;
            }

            if (header.Type == ElfConstants.PT_LOAD)
            {
                bool alignIsPowerOfTwo = (header.Align & (header.Align - 1)) == 0;
                if (header.FileSize > header.MemorySize || header.VirtualAddress + header.MemorySize < header.VirtualAddress ||
                    !alignIsPowerOfTwo ||
                    (header.Align > 1 && (header.VirtualAddress % header.Align) != (header.Offset % header.Align)))
                {
                    return ElfError.BadSegment;
                }
            }
            else if (header.Type == ElfConstants.PT_INTERP)
            {
                // A prefix that does not hold the path leaves the check to whoever reads it from the file.
                if (header.FileSize < 2
                    || (FileRange.Fits(header.Offset, header.FileSize, data.Length) && data[(int)(header.Offset + header.FileSize - 1)] != 0))
                {
                    return ElfError.BadInterpreter;
                }
            }

            return ElfError.None;
        }

        private static bool ReadPieFlag(ReadOnlySpan<byte> data, ulong offset, ulong size)
        {
            // Each Elf64_Dyn is a 16-byte (d_tag, d_val) pair; ValidateSegment checked the range is in the file.
            ReadOnlySpan<byte> dynamic = data.Slice((int)offset, (int)size);
            for (int i = 0; i + 16 <= dynamic.Length; i += 16)
            {
                ulong tag = BinaryPrimitives.ReadUInt64LittleEndian(dynamic.Slice(i));
                if (tag == DT_NULL)
                {
                    break;
                }

                if (tag == DT_FLAGS_1)
                {
                    return (BinaryPrimitives.ReadUInt64LittleEndian(dynamic.Slice(i + 8)) & DF_1_PIE) != 0;
                }
            }

            return false;
        }

        private void ParseSectionHeaderTable(ReadOnlySpan<byte> data)
        {
            // Sections are optional for running a program, so a broken table only hides them (count 0); the
            // symbol table reader reports it as BadSectionHeaders.
            _sectionHeaderOffset = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(40));
            _sectionHeaderEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(58));
            int count = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(60));
            _sectionNameIndex = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(62));
            if (count == 0 || _sectionHeaderOffset == 0 ||
                _sectionHeaderEntrySize != ElfConstants.Elf64SectionHeaderSize ||
                !FileRange.FitsTable(_sectionHeaderOffset, _sectionHeaderEntrySize, count, data.Length))
            {
                _sectionHeaderCount = 0;
                return;
            }

            _sectionHeaderCount = count;
        }
    }
}
