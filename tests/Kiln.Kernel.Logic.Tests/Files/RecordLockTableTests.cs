// RecordLockTable tests: conflicts between owners (read/read shares, write excludes), an owner never conflicting with
// itself, unlocking the middle of a range (a split), replacing a range with the other kind, merging touching ranges
// of one kind, files kept apart, and releasing an owner.
using System.Collections.Generic;
using Kiln.Files;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Files
{
    public sealed class RecordLockTableTests
    {
        private const long File = 7;
        private const long A = 1;
        private const long B = 2;

        private static List<(long Owner, bool Write, long Start, long End)> Ranges(RecordLockTable table)
        {
            var ranges = new List<(long, bool, long, long)>();
            for (int i = 0; i < table.Count; i++)
            {
                ranges.Add((table.OwnerAt(i), table.IsWriteAt(i), table.StartAt(i), table.EndAt(i)));
            }

            ranges.Sort();
            return ranges;
        }

        [Fact]
        public void ReadLocksShareAndWriteLocksExclude()
        {
            RecordLockTable table = new RecordLockTable();
            table.Set(File, A, write: false, 0, 100);
            Assert.Equal(-1, table.FindConflict(File, B, write: false, 50, 60));
            Assert.Equal(0, table.FindConflict(File, B, write: true, 99, 200));
            Assert.Equal(-1, table.FindConflict(File, B, write: true, 100, 200));
            table.Set(File, B, write: true, 200, RecordLockTable.ToEnd);
            Assert.Equal(1, table.FindConflict(File, A, write: false, 1_000_000, 1_000_001));
        }

        [Fact]
        public void AnOwnerNeverConflictsWithItself()
        {
            RecordLockTable table = new RecordLockTable();
            table.Set(File, A, write: true, 0, 10);
            Assert.Equal(-1, table.FindConflict(File, A, write: true, 0, 10));
        }

        [Fact]
        public void UnlockingTheMiddleSplitsARange()
        {
            RecordLockTable table = new RecordLockTable();
            table.Set(File, A, write: true, 0, 100);
            table.Unlock(File, A, 40, 60);
            Assert.Equal(new[] { (A, true, 0L, 40L), (A, true, 60L, 100L) }, Ranges(table));
            Assert.Equal(-1, table.FindConflict(File, B, write: true, 40, 60));
        }

        [Fact]
        public void SettingTheOtherKindReplacesThePartItCovers()
        {
            RecordLockTable table = new RecordLockTable();
            table.Set(File, A, write: true, 0, 100);
            table.Set(File, A, write: false, 20, 30);
            Assert.Equal(new[] { (A, false, 20L, 30L), (A, true, 0L, 20L), (A, true, 30L, 100L) }, Ranges(table));
        }

        [Fact]
        public void TouchingRangesOfOneKindMerge()
        {
            RecordLockTable table = new RecordLockTable();
            table.Set(File, A, write: true, 0, 10);
            table.Set(File, A, write: true, 10, 20);
            table.Set(File, A, write: true, 15, 30);
            Assert.Equal(new[] { (A, true, 0L, 30L) }, Ranges(table));
            table.Set(File, A, write: false, 30, 40);
            Assert.Equal(2, table.Count);
        }

        [Fact]
        public void FilesAreKeptApartAndOwnersReleaseEverything()
        {
            RecordLockTable table = new RecordLockTable();
            table.Set(File, A, write: true, 0, 10);
            table.Set(File + 1, A, write: true, 0, 10);
            Assert.Equal(-1, table.FindConflict(File + 2, B, write: true, 0, 10));
            table.RemoveOwner(File, A);
            Assert.False(table.Holds(File, A));
            Assert.True(table.Holds(File + 1, A));
        }

        [Fact]
        public void ManyRangesGrowTheTable()
        {
            RecordLockTable table = new RecordLockTable();
            for (int i = 0; i < 100; i++)
            {
                table.Set(File, A, write: (i & 1) == 0, i * 10, i * 10 + 5);
            }

            Assert.Equal(100, table.Count);
            table.RemoveOwner(File, A);
            Assert.Equal(0, table.Count);
        }
    }
}
