// The ld.so.cache parser against the host's /etc/ld.so.cache as `ldconfig -p` prints it, and against caches built
// by hand: the old-format prefix, and truncated or damaged files, which are errors and never exceptions.

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Kiln.Host.Libraries;
using Kiln.Host.Tests.Support;
using Xunit;

namespace Kiln.Host.Tests.Libraries
{
    public sealed class LdSoCacheTests
    {
        [Fact]
        public void Host_cache_holds_exactly_what_ldconfig_prints()
        {
            LdSoCache? cache = LdSoCache.Load(LdSoCache.DefaultPath, out string? error);
            Assert.Null(error);
            (int exitCode, string stdout, string _) = Tool.Run("ldconfig", new[] { "-p" });
            Assert.Equal(0, exitCode);

            // "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1", hwcaps entries add ", hwcap: ...".
            Regex line = new Regex(@"^\t(\S+) \(([^)]*)\) => (\S+)$");
            List<string> expected = new List<string>();
            foreach (string text in stdout.Split('\n'))
            {
                Match match = line.Match(text);
                if (match.Success)
                {
                    bool x86_64 = match.Groups[2].Value.StartsWith("libc6,x86-64", StringComparison.Ordinal) &&
                        !match.Groups[2].Value.Contains("hwcap", StringComparison.Ordinal);
                    expected.Add($"{match.Groups[1].Value} {match.Groups[3].Value} {x86_64}");
                }
            }

            int count = int.Parse(Regex.Match(stdout, @"^(\d+) libs found", RegexOptions.Multiline).Groups[1].Value);
            Assert.Equal(count, cache!.Entries.Count);
            Assert.Equal(expected, cache.Entries.Select(e => $"{e.Name} {e.Path} {e.IsX86_64Baseline}"));
            Assert.True(cache.TryFind("libc.so.6", out string libc));
            Assert.Equal(expected.First(e => e.StartsWith("libc.so.6 ", StringComparison.Ordinal)).Split(' ')[1], libc);
        }

        [Fact]
        public void Lookup_takes_the_first_x86_64_baseline_entry_of_a_name()
        {
            byte[] data = Build(("libfoo.so.1", "/hw/v3/libfoo.so.1", 0x0303, LdSoCacheEntry.HwcapExtension | 1),
                ("libfoo.so.1", "/lib32/libfoo.so.1", 0x0003, 0), ("libfoo.so.1", "/lib/libfoo.so.1", 0x0303, 0),
                ("libfoo.so.1", "/other/libfoo.so.1", 0x0303, 0));
            LdSoCache cache = LdSoCache.Parse(data, out string? error)!;
            Assert.Null(error);
            Assert.Equal(4, cache.Entries.Count);
            Assert.True(cache.TryFind("libfoo.so.1", out string path));
            Assert.Equal("/lib/libfoo.so.1", path);
            Assert.False(cache.TryFind("libbar.so.1", out _));
        }

        [Fact]
        public void New_table_behind_the_old_format_is_found_at_its_aligned_offset()
        {
            byte[] newTable = Build(("libz.so.1", "/usr/lib/libz.so.1", 0x0303, 0));
            // Old header: magic "ld.so-1.7.0", pad, u32 nlibs = 1, one 12-byte entry: 28 bytes, aligned up to 32.
            byte[] data = new byte[32 + newTable.Length];
            Encoding.ASCII.GetBytes("ld.so-1.7.0").CopyTo(data, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(12), 1);
            newTable.CopyTo(data, 32);
            LdSoCache cache = LdSoCache.Parse(data, out string? error)!;
            Assert.Null(error);
            Assert.True(cache.TryFind("libz.so.1", out string path));
            Assert.Equal("/usr/lib/libz.so.1", path);
        }

        [Fact]
        public void Damaged_caches_are_errors()
        {
            byte[] valid = Build(("libz.so.1", "/usr/lib/libz.so.1", 0x0303, 0));
            Assert.Null(LdSoCache.Parse(valid.AsSpan(0, 40), out string? error));
            Assert.Equal("not a glibc-ld.so.cache1.1 file", error);
            Assert.Null(LdSoCache.Parse(Encoding.ASCII.GetBytes("this is not a cache at all, not even close......"), out error));
            Assert.Equal("not a glibc-ld.so.cache1.1 file", error);

            byte[] tooMany = (byte[])valid.Clone();
            BinaryPrimitives.WriteUInt32LittleEndian(tooMany.AsSpan(20), 1000);
            Assert.Null(LdSoCache.Parse(tooMany, out error));
            Assert.Equal("1000 entries do not fit in the file", error);

            byte[] badString = (byte[])valid.Clone();
            BinaryPrimitives.WriteUInt32LittleEndian(badString.AsSpan(48 + 8), 0xfffffff0);
            Assert.Null(LdSoCache.Parse(badString, out error));
            Assert.Equal("entry 0 names a string outside the file", error);

            byte[] unterminated = valid.AsSpan(0, valid.Length - 1).ToArray();
            Assert.Null(LdSoCache.Parse(unterminated, out error));
            Assert.Equal("entry 0 names a string outside the file", error);
        }

        // A new-format cache: 48-byte header, the entries, then their strings (offsets from the header's start).
        private static byte[] Build(params (string Name, string Path, int Flags, ulong Hwcap)[] entries)
        {
            List<byte> strings = new List<byte>();
            int stringBase = 48 + (entries.Length * 24);
            byte[] table = new byte[stringBase];
            Encoding.ASCII.GetBytes("glibc-ld.so.cache1.1").CopyTo(table, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(20), (uint)entries.Length);
            for (int i = 0; i < entries.Length; i++)
            {
                Span<byte> entry = table.AsSpan(48 + (i * 24), 24);
                BinaryPrimitives.WriteInt32LittleEndian(entry, entries[i].Flags);
                BinaryPrimitives.WriteUInt32LittleEndian(entry.Slice(4), (uint)(stringBase + strings.Count));
                strings.AddRange(Encoding.ASCII.GetBytes(entries[i].Name + "\0"));
                BinaryPrimitives.WriteUInt32LittleEndian(entry.Slice(8), (uint)(stringBase + strings.Count));
                strings.AddRange(Encoding.ASCII.GetBytes(entries[i].Path + "\0"));
                BinaryPrimitives.WriteUInt64LittleEndian(entry.Slice(16), entries[i].Hwcap);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(24), (uint)strings.Count);
            return table.Concat(strings).ToArray();
        }
    }
}
