// Parser for /etc/ld.so.cache in glibc's "glibc-ld.so.cache1.1" format (elf/cache.c, sysdeps/generic/dl-cache.h),
// alone or behind the old "ld.so-1.7.0" table. Layout of the new format (little-endian on x86-64):
//   header (48 bytes): magic "glibc-ld.so.cache" "1.1", u32 nlibs, u32 len_strings, u8 flags, 3 pad,
//                      u32 extension_offset, 3 x u32 unused
//   nlibs entries (24 bytes): i32 flags, u32 key, u32 value, u32 osversion, u64 hwcap
// key and value are offsets of NUL-terminated strings (name, path) counted from the start of the new header.

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Kiln.Host.Libraries
{
    /// <summary>The entries of an ld.so.cache file, in file order (the order ld.so prefers them).</summary>
    public sealed class LdSoCache
    {
        /// <summary>Where glibc keeps the cache.</summary>
        public const string DefaultPath = "/etc/ld.so.cache";

        private const string OldMagic = "ld.so-1.7.0";
        private const string NewMagic = "glibc-ld.so.cache1.1";
        private const int OldHeaderSize = 16;
        private const int OldEntrySize = 12;
        private const int NewHeaderSize = 48;
        private const int NewEntrySize = 24;

        private readonly Dictionary<string, string> _baseline = new Dictionary<string, string>(StringComparer.Ordinal);

        private LdSoCache(List<LdSoCacheEntry> entries)
        {
            Entries = entries;
            foreach (LdSoCacheEntry entry in entries)
            {
                if (entry.IsX86_64Baseline)
                {
                    _baseline.TryAdd(entry.Name, entry.Path);
                }
            }
        }

        /// <summary>Every entry, whatever its flags.</summary>
        public IReadOnlyList<LdSoCacheEntry> Entries { get; }

        /// <summary>Reads and parses the cache at <paramref name="path"/>.</summary>
        /// <returns>The cache, or null with a reason (no file, not a cache, damaged).</returns>
        public static LdSoCache? Load(string path, out string? error)
        {
            byte[] data;
            try
            {
                data = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                error = $"cannot read {path}: {e.Message}";
                return null;
            }

            return Parse(data, out error);
        }

        /// <summary>Parses cache bytes.</summary>
        /// <returns>The cache, or null with the reason it is not one.</returns>
        public static LdSoCache? Parse(ReadOnlySpan<byte> data, out string? error)
        {
            error = null;
            int start = 0;
            if (StartsWith(data, OldMagic))
            {
                if (data.Length < OldHeaderSize)
                {
                    error = "truncated old-format header";
                    return null;
                }

                // The new table follows the old one, aligned as struct cache_file_new (8 bytes).
                long oldCount = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(12));
                long end = OldHeaderSize + (oldCount * OldEntrySize);
                start = (int)Math.Min((end + 7) & ~7L, int.MaxValue);
            }

            if (start > data.Length - NewHeaderSize || !StartsWith(data.Slice(start), NewMagic))
            {
                error = "not a glibc-ld.so.cache1.1 file";
                return null;
            }

            ReadOnlySpan<byte> cache = data.Slice(start);
            long count = BinaryPrimitives.ReadUInt32LittleEndian(cache.Slice(20));
            if (count > (cache.Length - NewHeaderSize) / NewEntrySize)
            {
                error = $"{count} entries do not fit in the file";
                return null;
            }

            List<LdSoCacheEntry> entries = new List<LdSoCacheEntry>((int)count);
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> entry = cache.Slice(NewHeaderSize + (i * NewEntrySize), NewEntrySize);
                int flags = BinaryPrimitives.ReadInt32LittleEndian(entry);
                uint key = BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4));
                uint value = BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(8));
                ulong hwcap = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(16));
                if (!TryReadString(cache, key, out string? name) || !TryReadString(cache, value, out string? path))
                {
                    error = $"entry {i} names a string outside the file";
                    return null;
                }

                entries.Add(new LdSoCacheEntry(name!, path!, flags, hwcap));
            }

            return new LdSoCache(entries);
        }

        /// <summary>The path of <paramref name="name"/> for x86-64 without hwcaps subdirectories, as ld.so picks it.</summary>
        public bool TryFind(string name, out string path)
        {
            return _baseline.TryGetValue(name, out path!);
        }

        private static bool TryReadString(ReadOnlySpan<byte> cache, uint offset, out string? text)
        {
            text = null;
            if (offset >= (uint)cache.Length)
            {
                return false;
            }

            ReadOnlySpan<byte> rest = cache.Slice((int)offset);
            int length = rest.IndexOf((byte)0);
            if (length < 0)
            {
                return false;
            }

            text = Encoding.UTF8.GetString(rest.Slice(0, length));
            return true;
        }

        private static bool StartsWith(ReadOnlySpan<byte> data, string magic)
        {
            if (data.Length < magic.Length)
            {
                return false;
            }

            for (int i = 0; i < magic.Length; i++)
            {
                if (data[i] != magic[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
