// docs/syscalls.md against the kernel's system-call table: the same (number, name) pairs, each name the one the
// generated SyscallNames.cs gives its number, so a system call cannot be added without documenting it.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Docs
{
    public sealed class SyscallDocsTests
    {
        private const string TablePath = "src/Kiln.Kernel/Syscalls/SyscallTable.cs";
        private const string NamesPath = "src/Kiln.Kernel/Syscalls/Generated/SyscallNames.cs";
        private const string DocsPath = "docs/syscalls.md";

        // `Add(0, &IoCalls.Read);                      // read`
        private static readonly Regex s_addLine = new Regex(@"^\s*Add\((\d+),\s*&[\w.]+\);\s*//\s*([a-z0-9_]+)\s*$");

        // Any call of Add with a number, well-formed or not, so a line the pattern above misses is caught.
        private static readonly Regex s_anyAdd = new Regex(@"^\s*Add\(\s*\d+\s*,");

        // `            0 => "read",`
        private static readonly Regex s_nameLine = new Regex(@"^\s*(\d+)\s*=>\s*""([a-z0-9_]+)"",\s*$");

        // `| 0 | read | implemented | ... |`
        private static readonly Regex s_docRow = new Regex(@"^\|\s*(\d+)\s*\|\s*`?([a-z0-9_]+)`?\s*\|\s*(implemented|partial)\s*\|(.*)\|\s*$");

        // Any table row whose first cell is a number, so a malformed row is caught rather than skipped.
        private static readonly Regex s_anyNumberedRow = new Regex(@"^\|\s*\d+\s*\|");

        [Fact]
        public void EveryTableEntryIsWellFormed()
        {
            string[] lines = ReadLines(TablePath);
            string[] malformed = lines.Where(l => s_anyAdd.IsMatch(l) && !s_addLine.IsMatch(l)).ToArray();
            Assert.True(malformed.Length == 0,
                $"{TablePath}: every entry must read `Add(<number>, &<handler>);  // <name>`; not so:\n" + string.Join("\n", malformed));
            Assert.NotEmpty(TableEntries());
        }

        [Fact]
        public void EveryDocsRowIsWellFormed()
        {
            string[] lines = ReadLines(DocsPath);
            string[] malformed = lines.Where(l => s_anyNumberedRow.IsMatch(l) && !s_docRow.IsMatch(l)).ToArray();
            Assert.True(malformed.Length == 0,
                $"{DocsPath}: every row must read `| <number> | <name> | implemented or partial | <note> |`; not so:\n" + string.Join("\n", malformed));
        }

        [Fact]
        public void PartialRowsSayWhatIsMissing()
        {
            foreach (string line in ReadLines(DocsPath))
            {
                Match match = s_docRow.Match(line);
                if (match.Success && match.Groups[3].Value == "partial")
                {
                    Assert.False(string.IsNullOrWhiteSpace(match.Groups[4].Value), $"{DocsPath}: a partial row needs a note: {line}");
                }
            }
        }

        [Fact]
        public void NoNumberIsListedTwice()
        {
            AssertUnique(TableEntries(), TablePath);
            AssertUnique(DocsEntries(), DocsPath);
        }

        [Fact]
        public void DocsListExactlyTheImplementedSyscalls()
        {
            HashSet<(int Number, string Name)> table = TableEntries().ToHashSet();
            HashSet<(int Number, string Name)> docs = DocsEntries().ToHashSet();

            string[] undocumented = table.Except(docs).OrderBy(e => e.Number).Select(e => $"{e.Number} {e.Name}").ToArray();
            string[] notInTable = docs.Except(table).OrderBy(e => e.Number).Select(e => $"{e.Number} {e.Name}").ToArray();
            Assert.True(undocumented.Length == 0, $"in {TablePath} but not in {DocsPath}: " + string.Join(", ", undocumented));
            Assert.True(notInTable.Length == 0, $"in {DocsPath} but not in {TablePath}: " + string.Join(", ", notInTable));
        }

        [Fact]
        public void TableNamesMatchTheGeneratedNames()
        {
            Dictionary<int, string> names = GeneratedNames();
            foreach ((int number, string name) in TableEntries())
            {
                Assert.True(names.TryGetValue(number, out string? expected), $"{NamesPath} has no name for {number}");
                Assert.True(expected == name, $"{TablePath}: {number} is {expected}, not {name}");
            }
        }

        [Fact]
        public void DocsNamesMatchTheGeneratedNames()
        {
            Dictionary<int, string> names = GeneratedNames();
            foreach ((int number, string name) in DocsEntries())
            {
                Assert.True(names.TryGetValue(number, out string? expected), $"{NamesPath} has no name for {number}");
                Assert.True(expected == name, $"{DocsPath}: {number} is {expected}, not {name}");
            }
        }

        private static List<(int Number, string Name)> TableEntries() =>
            ReadLines(TablePath).Select(l => s_addLine.Match(l)).Where(m => m.Success)
                .Select(m => (int.Parse(m.Groups[1].Value), m.Groups[2].Value)).ToList();

        private static List<(int Number, string Name)> DocsEntries() =>
            ReadLines(DocsPath).Select(l => s_docRow.Match(l)).Where(m => m.Success)
                .Select(m => (int.Parse(m.Groups[1].Value), m.Groups[2].Value)).ToList();

        private static Dictionary<int, string> GeneratedNames()
        {
            Dictionary<int, string> names = new Dictionary<int, string>();
            foreach (Match match in ReadLines(NamesPath).Select(l => s_nameLine.Match(l)).Where(m => m.Success))
            {
                names.Add(int.Parse(match.Groups[1].Value), match.Groups[2].Value);
            }

            Assert.True(names.Count > 300, $"{NamesPath}: expected the full x86-64 table, found {names.Count} names");
            return names;
        }

        private static void AssertUnique(List<(int Number, string Name)> entries, string path)
        {
            int[] repeated = entries.GroupBy(e => e.Number).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
            Assert.True(repeated.Length == 0, $"{path} lists these numbers more than once: " + string.Join(", ", repeated));
        }

        private static string[] ReadLines(string relativePath) => File.ReadAllLines(Path.Combine(RepositoryRoot(), relativePath));

        private static string RepositoryRoot()
        {
            for (DirectoryInfo? directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Kiln.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"no Kiln.sln above {AppContext.BaseDirectory}");
        }
    }
}
