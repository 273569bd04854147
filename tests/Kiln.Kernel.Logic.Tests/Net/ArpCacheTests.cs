// The ARP cache's bookkeeping driven by a hand-held clock: states, ageing, expiry and eviction of the oldest entry.

using Kiln.Net;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net
{
    public sealed class ArpCacheTests
    {
        private const long Second = 1_000_000_000;

        private static ArpCache NewCache(int capacity) => new ArpCache(capacity, 30 * Second, 60 * Second, 3 * Second);

        [Fact]
        public void AnInsertedEntryIsReachableThenStaleThenGone()
        {
            ArpCache cache = NewCache(4);
            cache.Insert(0x0A000202, 0x525500000002, 100 * Second);
            Assert.Equal(ArpEntryState.Reachable, cache.Lookup(0x0A000202, 129 * Second, out ulong mac));
            Assert.Equal(0x525500000002UL, mac);
            Assert.Equal(ArpEntryState.Stale, cache.Lookup(0x0A000202, 130 * Second, out mac));
            Assert.Equal(0x525500000002UL, mac);
            Assert.Equal(ArpEntryState.Stale, cache.Lookup(0x0A000202, 189 * Second, out _));
            Assert.Equal(ArpEntryState.None, cache.Lookup(0x0A000202, 190 * Second, out mac));
            Assert.Equal(0UL, mac);
            Assert.Equal(0, cache.Count);
        }

        [Fact]
        public void AReplyConfirmsAnIncompleteEntry()
        {
            ArpCache cache = NewCache(4);
            Assert.True(cache.MarkIncomplete(0x0A000202, 0));
            Assert.False(cache.MarkIncomplete(0x0A000202, 1));
            Assert.Equal(ArpEntryState.Incomplete, cache.Lookup(0x0A000202, 2 * Second, out ulong mac));
            Assert.Equal(0UL, mac);
            cache.Insert(0x0A000202, 0x525500000002, 2 * Second);
            Assert.Equal(ArpEntryState.Reachable, cache.Lookup(0x0A000202, 4 * Second, out mac));
            Assert.Equal(0x525500000002UL, mac);
        }

        [Fact]
        public void AnUnansweredRequestExpires()
        {
            ArpCache cache = NewCache(4);
            cache.MarkIncomplete(0x0A000203, 10 * Second);
            cache.Expire(13 * Second - 1);
            Assert.Equal(1, cache.Count);
            cache.Expire(13 * Second);
            Assert.Equal(0, cache.Count);
            Assert.Equal(ArpEntryState.None, cache.Lookup(0x0A000203, 13 * Second, out _));
        }

        [Fact]
        public void ReResolvingAStaleEntryKeepsItsMac()
        {
            ArpCache cache = NewCache(4);
            cache.Insert(1, 0xAA, 0);
            Assert.Equal(ArpEntryState.Stale, cache.Lookup(1, 31 * Second, out _));
            Assert.True(cache.MarkIncomplete(1, 31 * Second));
            Assert.Equal(ArpEntryState.Stale, cache.Lookup(1, 32 * Second, out ulong mac));
            Assert.Equal(0xAAUL, mac);
        }

        [Fact]
        public void AFullCacheEvictsTheOldestEntry()
        {
            ArpCache cache = NewCache(3);
            cache.Insert(1, 0x11, 5);
            cache.Insert(2, 0x22, 1);
            cache.Insert(3, 0x33, 9);
            cache.Insert(2, 0x23, 10); // refreshing 2 makes 1 the oldest
            cache.Insert(4, 0x44, 11);
            Assert.Equal(3, cache.Count);
            Assert.Equal(ArpEntryState.None, cache.Lookup(1, 12, out _));
            Assert.Equal(ArpEntryState.Reachable, cache.Lookup(2, 12, out ulong mac));
            Assert.Equal(0x23UL, mac);
            Assert.Equal(ArpEntryState.Reachable, cache.Lookup(3, 12, out _));
            Assert.Equal(ArpEntryState.Reachable, cache.Lookup(4, 12, out mac));
            Assert.Equal(0x44UL, mac);
            cache.Remove(4);
            Assert.Equal(2, cache.Count);
        }
    }
}
