// One cached 4 KiB block: which device and block it holds, its frame, and its state (pins, dirty, being read or
// written). Entries are pooled by BlockCache and reused, never freed, so each keeps its WaitQueue.
using Kiln.Kernel.Scheduling;

namespace Kiln.Kernel.Storage
{
    internal sealed unsafe class BlockCacheEntry
    {
        public readonly WaitQueue Waiters = new WaitQueue();

        public BlockDevice Device;
        public ulong Block;
        public byte* Data;

        /// <summary>Holders between Get and Release, plus one while the entry's write is in flight.</summary>
        public int Pins;

        /// <summary>Changed since it was last written (or since a write started: a change then needs another write).</summary>
        public bool Dirty;

        /// <summary>The first read is in flight; others wait on Waiters.</summary>
        public bool Loading;

        /// <summary>A write-back of this block is in flight.</summary>
        public bool Writing;

        /// <summary>In the (device, block) hash: false once invalidated or dropped.</summary>
        public bool Indexed;

        /// <summary>On the LRU list of unpinned clean entries (the only ones that may be evicted).</summary>
        public bool OnLru;

        public BlockCacheEntry KeyNext;
        public BlockCacheEntry DataNext;
        public BlockCacheEntry LruPrevious;
        public BlockCacheEntry LruNext;

        /// <summary>The free pool, and the list a write-back collects.</summary>
        public BlockCacheEntry ListNext;

        public void Reset()
        {
            Device = null;
            Block = 0;
            Data = null;
            Pins = 0;
            Dirty = false;
            Loading = false;
            Writing = false;
            Indexed = false;
            OnLru = false;
            KeyNext = null;
            DataNext = null;
            LruPrevious = null;
            LruNext = null;
            ListNext = null;
        }
    }
}
