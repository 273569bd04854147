// The free-block bitmap of a mounted KilnFS partition. KilnFS stores no free-space map: mount marks the superblocks,
// the log areas and every block a live extent maps, and the rest is free. Blocks a pending transaction stops using
// (truncate, the last unlink, a remap) must stay untouched until that transaction commits, or a crash could leave the
// committed tree pointing at blocks that new data overwrote; FreeLater marks them in a second bitmap and
// CommitFrees releases them once the commit is durable.
using System;

namespace Kiln.Storage
{
    /// <summary>Allocation of disk blocks, with frees deferred to the next commit.</summary>
    public sealed class BlockAllocator
    {
        private readonly ulong[] _used;
        private readonly ulong[] _pendingFree;
        private readonly ulong _blockCount;
        private ulong _freeCount;
        private ulong _pendingCount;
        private ulong _cursor;

        /// <summary>A bitmap of <paramref name="blockCount"/> blocks, all free.</summary>
        public BlockAllocator(ulong blockCount)
        {
            _blockCount = blockCount;
            _used = new ulong[(int)((blockCount + 63) / 64)];
            _pendingFree = new ulong[_used.Length];
            _freeCount = blockCount;
        }

        public ulong BlockCount => _blockCount;

        /// <summary>Blocks free now (pending frees not included).</summary>
        public ulong FreeCount => _freeCount;

        /// <summary>Blocks that become free at the next commit.</summary>
        public ulong PendingCount => _pendingCount;

        public bool IsUsed(ulong block) => block < _blockCount && (_used[(int)(block >> 6)] & Bit(block)) != 0;

        /// <summary>
        /// Marks [first, first + count) used (at mount: metadata areas and mapped extents). False when part of the range
        /// lies past the partition or was already used: the file system maps a block twice, which is corruption.
        /// </summary>
        public bool Reserve(ulong first, ulong count)
        {
            if (first >= _blockCount || count > _blockCount - first)
            {
                return false;
            }

            bool clean = true;
            for (ulong block = first; block < first + count; block++)
            {
                ref ulong word = ref _used[(int)(block >> 6)];
                if ((word & Bit(block)) != 0)
                {
                    clean = false;
                    continue;
                }

                word |= Bit(block);
                _freeCount--;
            }

            return clean;
        }

        /// <summary>
        /// Takes a run of free blocks, as long as possible up to <paramref name="wanted"/>, searching on from where the
        /// last allocation ended (so a file written in order lands in order): its first block and length in
        /// <paramref name="got"/>, or 0 when the disk is full (block 0 is the superblock, never free).
        /// </summary>
        public ulong Allocate(ulong wanted, out ulong got)
        {
            got = 0;
            if (wanted == 0 || _freeCount == 0)
            {
                return 0;
            }

            ulong start = FindFree(_cursor >= _blockCount ? 0 : _cursor);
            if (start == ulong.MaxValue)
            {
                start = FindFree(0);
                if (start == ulong.MaxValue)
                {
                    return 0;
                }
            }

            ulong end = start;
            while (end < _blockCount && end - start < wanted && (_used[(int)(end >> 6)] & Bit(end)) == 0)
            {
                _used[(int)(end >> 6)] |= Bit(end);
                end++;
            }

            got = end - start;
            _freeCount -= got;
            _cursor = end;
            return start;
        }

        /// <summary>Blocks [first, first + count) stop being used once the pending transaction commits.</summary>
        public void FreeLater(ulong first, ulong count)
        {
            for (ulong block = first; block < first + count && block < _blockCount; block++)
            {
                ref ulong pending = ref _pendingFree[(int)(block >> 6)];
                if ((_used[(int)(block >> 6)] & Bit(block)) != 0 && (pending & Bit(block)) == 0)
                {
                    pending |= Bit(block);
                    _pendingCount++;
                }
            }
        }

        /// <summary>The pending transaction is durable: its freed blocks become free.</summary>
        public void CommitFrees()
        {
            if (_pendingCount == 0)
            {
                return;
            }

            for (int i = 0; i < _used.Length; i++)
            {
                ulong pending = _pendingFree[i];
                if (pending != 0)
                {
                    _used[i] &= ~pending;
                    _pendingFree[i] = 0;
                }
            }

            _freeCount += _pendingCount;
            _pendingCount = 0;
        }

        // The first free block at or after `from`, or ulong.MaxValue.
        private ulong FindFree(ulong from)
        {
            for (ulong block = from; block < _blockCount;)
            {
                ulong word = _used[(int)(block >> 6)];
                if (word == ulong.MaxValue)
                {
                    block = (block | 63) + 1;
                    continue;
                }

                if ((word & Bit(block)) == 0)
                {
                    return block;
                }

                block++;
            }

            return ulong.MaxValue;
        }

        private static ulong Bit(ulong block) => 1UL << (int)(block & 63);
    }
}
