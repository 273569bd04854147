// The block cache: 4 KiB blocks of block devices (block n = sectors 8n..8n+7), each in a whole frame, found by
// (device, block) and by frame. A block is pinned from Get to Release; dirty blocks stay until WriteBack writes them
// (several requests in flight) and flushes the device; only unpinned clean blocks sit on the LRU list and are ever
// evicted, when the cache reaches its size limit or the frame allocator runs dry. Nothing here is locked: the kernel
// is not preemptible and runs on one CPU, so state changes only between the points where a thread blocks, and every
// such point re-checks what it relies on.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;

namespace Kiln.Kernel.Storage
{
    internal static unsafe class BlockCache
    {
        public const int BlockSize = 4096;
        public const int SectorsPerBlock = BlockSize / BlockDevice.SectorSize;

        /// <summary>Write-back requests in flight at once.</summary>
        private const int WriteBackDepth = 16;

        private const int BucketCount = 1024;
        private const int MinimumLimit = 64;

        private static BlockCacheEntry[] s_byKey;
        private static BlockCacheEntry[] s_byData;
        private static BlockCacheEntry s_lruHead;   // least recently released
        private static BlockCacheEntry s_lruTail;
        private static BlockCacheEntry s_pool;
        private static WaitQueue s_writeBackDone;
        private static bool s_writingBack;

        // The entries of the write-back's requests in flight (one write-back runs at a time).
        private static BlockCacheEntry[] s_inFlightEntries;

        /// <summary>Blocks held (each one frame).</summary>
        public static int Count { get; private set; }

        public static int DirtyCount
        {
            get
            {
                EnsureInitialized();
                int dirty = 0;
                for (int bucket = 0; bucket < BucketCount; bucket++)
                {
                    for (BlockCacheEntry entry = s_byData[bucket]; entry != null; entry = entry.DataNext)
                    {
                        dirty += entry.Dirty ? 1 : 0;
                    }
                }

                return dirty;
            }
        }

        /// <summary>How many blocks the cache holds before it evicts: a quarter of RAM, at least 64.</summary>
        public static int Limit { get; set; }

        /// <summary>
        /// The block's data, read through the cache and pinned until Release; null with <paramref name="error"/> set
        /// (-EINVAL past the end of the device, -EIO, -ENOMEM) when it cannot be had.
        /// </summary>
        public static byte* Get(BlockDevice device, ulong block, out int error)
        {
            EnsureInitialized();
            error = 0;
            if (device == null || block >= device.SectorCount / SectorsPerBlock)
            {
                error = (int)-Errno.EINVAL;
                return null;
            }

            for (;;)
            {
                BlockCacheEntry entry = Find(device, block);
                if (entry != null && entry.Loading)
                {
                    // Another thread is reading it: wait, then look again (its read may have failed).
                    WaitFor(entry);
                    continue;
                }

                if (entry != null)
                {
                    Pin(entry);
                    return entry.Data;
                }

                entry = Create(device, block);
                if (entry == null)
                {
                    error = (int)-Errno.ENOMEM;
                    return null;
                }

                entry.Loading = true;
                entry.Pins = 1;
                int result = device.Read(block * SectorsPerBlock, entry.Data, SectorsPerBlock);
                entry.Loading = false;
                entry.Waiters.WakeAll();
                if (result != 0)
                {
                    error = result;
                    entry.Pins = 0;
                    Drop(entry);
                    return null;
                }

                return entry.Data;
            }
        }

        /// <summary>Unpins a block Get returned.</summary>
        public static void Release(byte* data)
        {
            BlockCacheEntry entry = FindData(data);
            if (entry == null || entry.Pins == 0)
            {
                return;
            }

            Unpin(entry);
        }

        /// <summary>Records that a pinned block changed: WriteBack will write it.</summary>
        public static void MarkDirty(byte* data)
        {
            BlockCacheEntry entry = FindData(data);
            if (entry == null || !entry.Indexed)
            {
                return;
            }

            entry.Dirty = true;
            RemoveFromLru(entry);
        }

        /// <summary>
        /// Writes every dirty block of <paramref name="device"/> (up to WriteBackDepth requests in flight), then
        /// flushes the device; 0 when all of it is durable, else the first error (the blocks that failed stay dirty).
        /// </summary>
        public static int WriteBack(BlockDevice device)
        {
            EnsureInitialized();
            if (device == null)
            {
                return (int)-Errno.EINVAL;
            }

            // One write-back at a time: a second caller's flush must also cover the writes the first has in flight.
            while (s_writingBack)
            {
                WaitOrPoll(s_writeBackDone, device);
            }

            s_writingBack = true;
            BlockCacheEntry list = CollectDirty(device);
            int result = WriteList(device, list);
            if (result == 0)
            {
                result = device.Flush();
            }

            s_writingBack = false;
            s_writeBackDone.WakeAll();
            return result;
        }

        /// <summary>
        /// Forgets the cached copy of a block (for example after it was written around the cache): the next Get reads
        /// the device again. Changes not yet written back are discarded. A pinned block's frame is freed at its last
        /// Release.
        /// </summary>
        public static void Invalidate(BlockDevice device, ulong block)
        {
            EnsureInitialized();
            BlockCacheEntry entry = Find(device, block);
            if (entry == null)
            {
                return;
            }

            entry.Dirty = false;
            RemoveFromKeys(entry);
            if (entry.Pins == 0 && !entry.Loading)
            {
                Drop(entry);
            }
        }

        /// <summary>Drops up to <paramref name="count"/> unpinned clean blocks, least recently used first; returns how many.</summary>
        public static int Evict(int count)
        {
            EnsureInitialized();
            int evicted = 0;
            while (evicted < count && s_lruHead != null)
            {
                Drop(s_lruHead);
                evicted++;
            }

            return evicted;
        }

        private static void EnsureInitialized()
        {
            if (s_byKey != null)
            {
                return;
            }

            s_byKey = new BlockCacheEntry[BucketCount];
            s_byData = new BlockCacheEntry[BucketCount];
            s_writeBackDone = new WaitQueue();
            s_inFlightEntries = new BlockCacheEntry[WriteBackDepth];
            if (Limit == 0)
            {
                long quarter = PhysicalMemory.TotalPages / 4;
                Limit = quarter < MinimumLimit ? MinimumLimit : (int)quarter;
            }
        }

        // Pins and submits every block on the list, keeping up to WriteBackDepth in flight; unpins each as it ends.
        private static int WriteList(BlockDevice device, BlockCacheEntry list)
        {
            BlockRequest** inFlight = stackalloc BlockRequest*[WriteBackDepth];
            int count = 0;
            int oldest = 0;
            int result = 0;
            while (list != null || count > 0)
            {
                if (list != null && count < WriteBackDepth)
                {
                    BlockCacheEntry entry = list;
                    list = entry.ListNext;
                    entry.ListNext = null;
                    BlockRequest* request = result == 0 ? BlockRequests.Rent() : null;
                    if (request == null)
                    {
                        result = result == 0 ? (int)-Errno.ENOMEM : result;
                        FinishWrite(entry, false);
                        continue;
                    }

                    // Clean from here on: a change made while the write is in flight marks it dirty again.
                    entry.Dirty = false;
                    request->Operation = BlockOperation.Write;
                    request->Sector = entry.Block * SectorsPerBlock;
                    request->Buffer = entry.Data;
                    request->Sectors = SectorsPerBlock;
                    int submitted = device.Submit(request);
                    if (submitted != 0)
                    {
                        BlockRequests.Return(request);
                        result = submitted;
                        FinishWrite(entry, false);
                        continue;
                    }

                    inFlight[(oldest + count) % WriteBackDepth] = request;
                    s_inFlightEntries[(oldest + count) % WriteBackDepth] = entry;
                    count++;
                    continue;
                }

                BlockRequest* first = inFlight[oldest];
                BlockCacheEntry written = s_inFlightEntries[oldest];
                s_inFlightEntries[oldest] = null;
                BlockRequests.Wait(device, first);
                bool ok = first->Status == 0;
                if (!ok && result == 0)
                {
                    result = first->Status;
                }

                BlockRequests.Return(first);
                FinishWrite(written, ok);
                oldest = (oldest + 1) % WriteBackDepth;
                count--;
            }

            return result;
        }

        // Builds the list of the device's dirty blocks, pinning each and marking it as being written.
        private static BlockCacheEntry CollectDirty(BlockDevice device)
        {
            BlockCacheEntry list = null;
            for (int bucket = 0; bucket < BucketCount; bucket++)
            {
                for (BlockCacheEntry entry = s_byKey[bucket]; entry != null; entry = entry.KeyNext)
                {
                    if (entry.Device == device && entry.Dirty && !entry.Writing && !entry.Loading)
                    {
                        entry.Writing = true;
                        entry.Pins++;
                        entry.ListNext = list;
                        list = entry;
                    }
                }
            }

            return list;
        }

        private static void FinishWrite(BlockCacheEntry entry, bool ok)
        {
            if (!ok && entry.Indexed)
            {
                entry.Dirty = true;
            }

            entry.Writing = false;
            entry.Waiters.WakeAll();
            Unpin(entry);
        }

        private static void Pin(BlockCacheEntry entry)
        {
            RemoveFromLru(entry);
            entry.Pins++;
        }

        private static void Unpin(BlockCacheEntry entry)
        {
            entry.Pins--;
            if (entry.Pins > 0)
            {
                return;
            }

            if (!entry.Indexed)
            {
                Drop(entry);
            }
            else if (!entry.Dirty && !entry.Writing)
            {
                AppendToLru(entry);
                if (Count > Limit)
                {
                    Evict(Count - Limit);
                }
            }
        }

        // A new entry with a frame, indexed by key and by data; null when no frame can be had even after eviction.
        private static BlockCacheEntry Create(BlockDevice device, ulong block)
        {
            if (Count >= Limit)
            {
                Evict(Count - Limit + 1);
            }

            ulong frame = PhysicalMemory.AllocatePage();
            while (frame == 0 && s_lruHead != null)
            {
                Evict(1);
                frame = PhysicalMemory.AllocatePage();
            }

            if (frame == 0)
            {
                return null;
            }

            BlockCacheEntry entry = s_pool;
            if (entry != null)
            {
                s_pool = entry.ListNext;
                entry.ListNext = null;
            }
            else
            {
                entry = new BlockCacheEntry();
            }

            entry.Device = device;
            entry.Block = block;
            entry.Data = (byte*)Layout.ToVirtual(frame);
            int key = KeyBucket(device, block);
            entry.KeyNext = s_byKey[key];
            s_byKey[key] = entry;
            entry.Indexed = true;
            int data = DataBucket(entry.Data);
            entry.DataNext = s_byData[data];
            s_byData[data] = entry;
            Count++;
            return entry;
        }

        // Removes an unpinned entry from every list, frees its frame and returns it to the pool.
        private static void Drop(BlockCacheEntry entry)
        {
            RemoveFromLru(entry);
            RemoveFromKeys(entry);
            int data = DataBucket(entry.Data);
            if (s_byData[data] == entry)
            {
                s_byData[data] = entry.DataNext;
            }
            else
            {
                for (BlockCacheEntry previous = s_byData[data]; previous != null; previous = previous.DataNext)
                {
                    if (previous.DataNext == entry)
                    {
                        previous.DataNext = entry.DataNext;
                        break;
                    }
                }
            }

            PhysicalMemory.FreePage(Layout.ToPhysical(entry.Data));
            Count--;
            entry.Reset();
            entry.ListNext = s_pool;
            s_pool = entry;
        }

        private static void RemoveFromKeys(BlockCacheEntry entry)
        {
            if (!entry.Indexed)
            {
                return;
            }

            int key = KeyBucket(entry.Device, entry.Block);
            if (s_byKey[key] == entry)
            {
                s_byKey[key] = entry.KeyNext;
            }
            else
            {
                for (BlockCacheEntry previous = s_byKey[key]; previous != null; previous = previous.KeyNext)
                {
                    if (previous.KeyNext == entry)
                    {
                        previous.KeyNext = entry.KeyNext;
                        break;
                    }
                }
            }

            entry.KeyNext = null;
            entry.Indexed = false;
        }

        private static BlockCacheEntry Find(BlockDevice device, ulong block)
        {
            for (BlockCacheEntry entry = s_byKey[KeyBucket(device, block)]; entry != null; entry = entry.KeyNext)
            {
                if (entry.Device == device && entry.Block == block)
                {
                    return entry;
                }
            }

            return null;
        }

        private static BlockCacheEntry FindData(byte* data)
        {
            if (s_byData == null)
            {
                return null;
            }

            for (BlockCacheEntry entry = s_byData[DataBucket(data)]; entry != null; entry = entry.DataNext)
            {
                if (entry.Data == data)
                {
                    return entry;
                }
            }

            return null;
        }

        private static void AppendToLru(BlockCacheEntry entry)
        {
            if (entry.OnLru)
            {
                return;
            }

            entry.LruPrevious = s_lruTail;
            entry.LruNext = null;
            if (s_lruTail == null)
            {
                s_lruHead = entry;
            }
            else
            {
                s_lruTail.LruNext = entry;
            }

            s_lruTail = entry;
            entry.OnLru = true;
        }

        private static void RemoveFromLru(BlockCacheEntry entry)
        {
            if (!entry.OnLru)
            {
                return;
            }

            if (entry.LruPrevious == null)
            {
                s_lruHead = entry.LruNext;
            }
            else
            {
                entry.LruPrevious.LruNext = entry.LruNext;
            }

            if (entry.LruNext == null)
            {
                s_lruTail = entry.LruPrevious;
            }
            else
            {
                entry.LruNext.LruPrevious = entry.LruPrevious;
            }

            entry.LruPrevious = null;
            entry.LruNext = null;
            entry.OnLru = false;
        }

        private static void WaitFor(BlockCacheEntry entry)
        {
            while (entry.Loading)
            {
                WaitOrPoll(entry.Waiters, entry.Device);
            }
        }

        private static void WaitOrPoll(WaitQueue queue, BlockDevice device)
        {
            if (BlockRequests.CanBlock)
            {
                queue.Wait(Scheduler.Forever, false);
            }
            else
            {
                device.Poll();
            }
        }

        private static int KeyBucket(BlockDevice device, ulong block) =>
            (int)(((block ^ ((ulong)device.Index << 48)) * 0x9E3779B97F4A7C15UL) >> 54) & (BucketCount - 1);

        private static int DataBucket(byte* data) => (int)(((ulong)data >> 12) & (BucketCount - 1));
    }
}
