// Reader for the dynamic section (PT_DYNAMIC) of an ELF64 object: DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH and
// DT_FLAGS_1, with names taken from the dynamic string table. DT_STRTAB holds a virtual address, translated to a
// file offset through the PT_LOAD segment that contains it. Every offset is bounds-checked as it is read.

using System;
using System.Buffers.Binary;

namespace Kiln.Elf
{
    /// <summary>The dynamic section of a parsed ELF file and its string table.</summary>
    public ref struct ElfDynamic
    {
        private ReadOnlySpan<byte> _entries;
        private ReadOnlySpan<byte> _strings;
        private int _count;

        /// <summary>Number of entries before DT_NULL (or the end of the segment).</summary>
        public readonly int Count => _count;

        /// <summary>Finds the PT_DYNAMIC segment of <paramref name="file"/> and its string table.</summary>
        /// <returns>None, NoDynamicSection for a static program, or BadDynamicSection.</returns>
        public static ElfError Open(ElfFile file, out ElfDynamic dynamic)
        {
            dynamic = default;
            bool found = false;
            ElfProgramHeader segment = default;
            for (int i = 0; i < file.ProgramHeaderCount; i++)
            {
                file.GetProgramHeader(i, out ElfProgramHeader header);
                if (header.Type == ElfConstants.PT_DYNAMIC)
                {
                    segment = header;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return ElfError.NoDynamicSection;
            }

            // ElfFile.Parse checked that every segment's file bytes lie inside the file.
            ReadOnlySpan<byte> entries = file.Data.Slice((int)segment.Offset, (int)segment.FileSize);
            int count = 0;
            ulong stringAddress = 0;
            ulong stringSize = 0;
            bool hasStrings = false;
            while ((count + 1) * ElfDynamicTags.EntrySize <= entries.Length)
            {
                ulong tag = ReadTag(entries, count);
                if (tag == ElfDynamicTags.DT_NULL)
                {
                    break;
                }

                if (tag == ElfDynamicTags.DT_STRTAB)
                {
                    stringAddress = ReadValue(entries, count);
                    hasStrings = true;
                }
                else if (tag == ElfDynamicTags.DT_STRSZ)
                {
                    stringSize = ReadValue(entries, count);
                }

                count++;
            }

            dynamic._entries = entries.Slice(0, count * ElfDynamicTags.EntrySize);
            dynamic._count = count;
            if (!hasStrings)
            {
                // Without a string table no name can be read; an object with no string-valued entries is still valid.
                return dynamic.HasStringEntries() ? ElfError.BadDynamicSection : ElfError.None;
            }

            if (!TryMapAddress(file, stringAddress, stringSize, out ulong stringOffset) ||
                !FileRange.Fits(stringOffset, stringSize, file.Data.Length))
            {
                return ElfError.BadDynamicSection;
            }

            dynamic._strings = file.Data.Slice((int)stringOffset, (int)stringSize);
            return ElfError.None;
        }

        /// <summary>Reads entry <paramref name="index"/>.</summary>
        public readonly ElfError GetEntry(int index, out ulong tag, out ulong value)
        {
            tag = 0;
            value = 0;
            if (index < 0 || index >= _count)
            {
                return ElfError.IndexOutOfRange;
            }

            tag = ReadTag(_entries, index);
            value = ReadValue(_entries, index);
            return ElfError.None;
        }

        /// <summary>The NUL-terminated string at <paramref name="offset"/> of the dynamic string table.</summary>
        /// <returns>None, or BadDynamicSection if it starts or runs outside the table.</returns>
        public readonly ElfError GetString(ulong offset, out ReadOnlySpan<byte> text)
        {
            text = default;
            if (offset >= (ulong)_strings.Length)
            {
                return ElfError.BadDynamicSection;
            }

            ReadOnlySpan<byte> rest = _strings.Slice((int)offset);
            int length = 0;
            while (length < rest.Length && rest[length] != 0)
            {
                length++;
            }

            if (length == rest.Length)
            {
                return ElfError.BadDynamicSection;
            }

            text = rest.Slice(0, length);
            return ElfError.None;
        }

        /// <summary>Number of DT_NEEDED entries.</summary>
        public readonly int NeededCount => CountTag(ElfDynamicTags.DT_NEEDED);

        /// <summary>The name in the <paramref name="n"/>th DT_NEEDED entry, in file order (the order ld.so loads them).</summary>
        public readonly ElfError GetNeeded(int n, out ReadOnlySpan<byte> name)
        {
            name = default;
            int seen = 0;
            for (int i = 0; i < _count; i++)
            {
                if (ReadTag(_entries, i) != ElfDynamicTags.DT_NEEDED)
                {
                    continue;
                }

                if (seen == n)
                {
                    return GetString(ReadValue(_entries, i), out name);
                }

                seen++;
            }

            return ElfError.IndexOutOfRange;
        }

        /// <summary>The string of the first entry tagged <paramref name="tag"/> (DT_SONAME, DT_RPATH, DT_RUNPATH).</summary>
        /// <returns>True with the string; false if there is no such entry or its string is malformed.</returns>
        public readonly bool TryGetString(ulong tag, out ReadOnlySpan<byte> text)
        {
            text = default;
            for (int i = 0; i < _count; i++)
            {
                if (ReadTag(_entries, i) == tag)
                {
                    return GetString(ReadValue(_entries, i), out text) == ElfError.None;
                }
            }

            return false;
        }

        /// <summary>The value of the first entry tagged <paramref name="tag"/>, or 0 if there is none.</summary>
        public readonly ulong GetValue(ulong tag)
        {
            for (int i = 0; i < _count; i++)
            {
                if (ReadTag(_entries, i) == tag)
                {
                    return ReadValue(_entries, i);
                }
            }

            return 0;
        }

        private readonly int CountTag(ulong tag)
        {
            int seen = 0;
            for (int i = 0; i < _count; i++)
            {
                if (ReadTag(_entries, i) == tag)
                {
                    seen++;
                }
            }

            return seen;
        }

        private readonly bool HasStringEntries()
        {
            for (int i = 0; i < _count; i++)
            {
                ulong tag = ReadTag(_entries, i);
                if (tag == ElfDynamicTags.DT_NEEDED || tag == ElfDynamicTags.DT_SONAME ||
                    tag == ElfDynamicTags.DT_RPATH || tag == ElfDynamicTags.DT_RUNPATH)
                {
                    return true;
                }
            }

            return false;
        }

        // Finds the PT_LOAD segment whose file-backed bytes hold [address, address + size) and returns its file offset.
        private static bool TryMapAddress(ElfFile file, ulong address, ulong size, out ulong offset)
        {
            offset = 0;
            for (int i = 0; i < file.ProgramHeaderCount; i++)
            {
                file.GetProgramHeader(i, out ElfProgramHeader header);
                if (header.Type != ElfConstants.PT_LOAD || address < header.VirtualAddress)
                {
                    continue;
                }

                ulong delta = address - header.VirtualAddress;
                if (delta <= header.FileSize && size <= header.FileSize - delta)
                {
                    offset = header.Offset + delta;
                    return true;
                }
            }

            return false;
        }

        private static ulong ReadTag(ReadOnlySpan<byte> entries, int index)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(entries.Slice(index * ElfDynamicTags.EntrySize));
        }

        private static ulong ReadValue(ReadOnlySpan<byte> entries, int index)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(entries.Slice((index * ElfDynamicTags.EntrySize) + 8));
        }
    }
}
