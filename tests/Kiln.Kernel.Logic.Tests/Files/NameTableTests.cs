// NameTable tests: names found after adds and gone after removes (thousands of them, so chains and resizes are
// exercised), listing order and cookies that stay valid while names come and go (a listing interrupted by changes
// neither repeats nor misses a name that existed throughout), dead slots squeezed out so churn in a small directory
// keeps the table small, every name and outgrown array handed to Release exactly once, and a seeded model test
// against a dictionary.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Kiln.Files;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Files
{
    public sealed class NameTableTests
    {
        private static byte[] N(string name) => Encoding.UTF8.GetBytes(name);

        private static string S(byte[] name) => Encoding.UTF8.GetString(name);

        // The names in listing order with their cookies, read from `cookie` on.
        private static List<(string Name, long Cookie)> List(NameTable<string> table, long cookie = 0)
        {
            var listed = new List<(string, long)>();
            for (int slot = table.FirstAtOrAfter(cookie); slot < table.End; slot = table.NextAfter(slot))
            {
                listed.Add((S(table.NameAt(slot)), table.CookieAt(slot)));
            }

            return listed;
        }

        [Fact]
        public void AnEmptyTableFindsNothingAndListsNothing()
        {
            NameTable<string> table = new NameTable<string>();
            Assert.Equal(-1, table.Find(N("a")));
            Assert.Equal(0, table.Count);
            Assert.Empty(List(table));
        }

        [Fact]
        public void ThousandsOfNamesAreFoundAndRemovedOnesAreNot()
        {
            NameTable<string> table = new NameTable<string>();
            for (int i = 0; i < 5000; i++)
            {
                table.Add(N($"f{i:D5}"), $"v{i}");
            }

            for (int i = 0; i < 5000; i += 2)
            {
                table.RemoveAt(table.Find(N($"f{i:D5}")));
            }

            Assert.Equal(2500, table.Count);
            for (int i = 0; i < 5000; i++)
            {
                int slot = table.Find(N($"f{i:D5}"));
                if (i % 2 == 0)
                {
                    Assert.Equal(-1, slot);
                }
                else
                {
                    Assert.Equal($"v{i}", table.ValueAt(slot));
                    Assert.Equal($"f{i:D5}", S(table.NameAt(slot)));
                }
            }

            Assert.Equal(-1, table.Find(N("f0000")));
            Assert.Equal(-1, table.Find(N("f000011")));
            Assert.Equal(-1, table.Find(default));
        }

        [Fact]
        public void ListingIsInAddOrderWithCookiesFromTwoThatNeverRepeat()
        {
            NameTable<string> table = new NameTable<string>();
            table.Add(N("c"), "1");
            table.Add(N("a"), "2");
            table.Add(N("b"), "3");
            table.RemoveAt(table.Find(N("a")));
            table.Add(N("a"), "4");
            Assert.Equal(new[] { ("c", 2L), ("b", 4L), ("a", 5L) }, List(table));
        }

        [Fact]
        public void AListingResumedAfterChangesSeesEveryNameThatStayedAndNoneTwice()
        {
            NameTable<string> table = new NameTable<string>();
            for (int i = 0; i < 300; i++)
            {
                table.Add(N($"n{i}"), "x");
            }

            // Read the first 100, as a getdents that filled its buffer; its position is the last cookie + 1.
            List<(string Name, long Cookie)> first = List(table).Take(100).ToList();
            long position = first[^1].Cookie + 1;

            // Remove names on both sides of the position, add new ones, and churn enough to force compactions.
            for (int i = 0; i < 300; i += 3)
            {
                table.RemoveAt(table.Find(N($"n{i}")));
            }

            for (int i = 0; i < 1000; i++)
            {
                table.Add(N($"t{i}"), "x");
                table.RemoveAt(table.Find(N($"t{i}")));
            }

            table.Add(N("late"), "x");
            List<string> rest = List(table, position).Select(e => e.Name).ToList();
            List<string> seen = first.Select(e => e.Name).Concat(rest).ToList();
            Assert.Equal(seen.Count, seen.Distinct().Count());
            for (int i = 0; i < 300; i++)
            {
                if (i % 3 != 0)
                {
                    Assert.Contains($"n{i}", seen);
                }
            }

            Assert.Equal("late", rest[^1]);
            Assert.DoesNotContain(rest, name => name.StartsWith('t'));
        }

        [Fact]
        public void ChurnInASmallDirectoryKeepsTheTableSmall()
        {
            NameTable<string> table = new NameTable<string>();
            table.Add(N("keep"), "k");
            for (int i = 0; i < 100_000; i++)
            {
                table.Add(N($"tmp{i}"), "x");
                table.RemoveAt(table.Find(N($"tmp{i}")));
            }

            Assert.Equal(1, table.Count);
            Assert.True(table.Capacity <= 16, $"capacity {table.Capacity}");
            Assert.True(table.End <= table.Capacity);
            Assert.Equal(new[] { ("keep", 2L) }, List(table));
            Assert.Equal(0, table.Find(N("keep")));
        }

        [Fact]
        public void ATableThatEmptiesShrinksBack()
        {
            NameTable<string> table = new NameTable<string>();
            for (int i = 0; i < 10_000; i++)
            {
                table.Add(N($"f{i}"), "x");
            }

            Assert.True(table.Capacity >= 10_000);
            for (int i = 0; i < 9_990; i++)
            {
                table.RemoveAt(table.Find(N($"f{i}")));
            }

            Assert.True(table.Capacity <= 64, $"capacity {table.Capacity}");
            Assert.Equal(Enumerable.Range(9_990, 10).Select(i => $"f{i}"), List(table).Select(e => e.Name));
        }

        [Fact]
        public void SetValueRepointsAName()
        {
            NameTable<string> table = new NameTable<string>();
            table.Add(N("a"), "old");
            table.SetValue(table.Find(N("a")), "new");
            Assert.Equal("new", table.ValueAt(table.Find(N("a"))));
        }

        [Fact]
        public void EveryNameAndOutgrownArrayIsReleasedOnce()
        {
            CountingTable table = new CountingTable();
            var names = new List<object>();
            for (int i = 0; i < 1000; i++)
            {
                table.Add(N($"f{i}"), "x");
                names.Add(table.NameAt(table.Find(N($"f{i}"))));
            }

            for (int i = 0; i < 1000; i += 2)
            {
                table.RemoveAt(table.Find(N($"f{i}")));
            }

            table.Clear();
            Assert.Equal(0, table.Count);
            Assert.Empty(List(table));
            Assert.Equal(table.Released.Count, table.Released.Distinct(ReferenceEqualityComparer.Instance).Count());
            foreach (object name in names)
            {
                Assert.Contains(name, table.Released);
            }

            // Beyond the names: six arrays per capacity the table ever had (8, 16 ... 1024, then the shrinks).
            int arrays = table.Released.Count - names.Count;
            Assert.True(arrays > 0 && arrays % 6 == 0, $"{arrays} arrays released");
        }

        [Fact]
        public void ASeededMixOfChangesAgreesWithADictionary()
        {
            Random random = new Random(4);
            NameTable<string> table = new NameTable<string>();
            var model = new Dictionary<string, string>();
            var order = new List<string>();
            for (int step = 0; step < 20_000; step++)
            {
                string name = $"n{random.Next(600)}";
                int slot = table.Find(N(name));
                Assert.Equal(model.ContainsKey(name), slot >= 0);
                if (slot >= 0 && random.Next(3) == 0)
                {
                    table.RemoveAt(slot);
                    model.Remove(name);
                    order.Remove(name);
                }
                else if (slot >= 0)
                {
                    table.SetValue(slot, $"{step}");
                    model[name] = $"{step}";
                }
                else
                {
                    table.Add(N(name), $"{step}");
                    model[name] = $"{step}";
                    order.Add(name);
                }
            }

            Assert.Equal(model.Count, table.Count);
            Assert.Equal(order, List(table).Select(e => e.Name));
            List<long> cookies = List(table).Select(e => e.Cookie).ToList();
            Assert.Equal(cookies.OrderBy(c => c), cookies);
            foreach (var (name, value) in model)
            {
                Assert.Equal(value, table.ValueAt(table.Find(N(name))));
            }
        }

        private sealed class CountingTable : NameTable<string>
        {
            public readonly List<object> Released = new List<object>();

            protected override void Release(object storage) => Released.Add(storage);
        }
    }
}
