// Operations on a file's extent map: the sorted, non-overlapping, coalesced list of FileExtents that says where each
// file block lives on disk (a block in no extent is a hole and reads as zeros). The caller owns the storage (a span
// and a count) so the kernel can grow and free it explicitly; an operation that could need more room checks the
// span's length first and changes nothing when it is too short.
#nullable enable
using System;

namespace Kiln.Storage
{
    /// <summary>Lookup, map, unmap and truncate over a sorted extent list.</summary>
    public static class ExtentMap
    {
        /// <summary>Free slots <see cref="Map"/> needs beyond the count: one for a split, one for the new extent.</summary>
        public const int SpareNeeded = 2;

        /// <summary>The index of the first extent that ends after <paramref name="fileBlock"/> (count when none does).</summary>
        public static int FirstEndingAfter(ReadOnlySpan<FileExtent> map, int count, ulong fileBlock)
        {
            int low = 0;
            int high = count;
            while (low < high)
            {
                int middle = (low + high) >> 1;
                if (map[middle].FileEnd > fileBlock)
                {
                    high = middle;
                }
                else
                {
                    low = middle + 1;
                }
            }

            return low;
        }

        /// <summary>
        /// Where <paramref name="fileBlock"/> lives: true with its disk block when mapped, false for a hole. Either way
        /// <paramref name="run"/> is how many blocks from it on share the answer (mapped consecutively on disk, or
        /// unmapped up to the next extent; ulong.MaxValue - fileBlock past the last one).
        /// </summary>
        public static bool Lookup(ReadOnlySpan<FileExtent> map, int count, ulong fileBlock, out ulong diskBlock, out ulong run)
        {
            int index = FirstEndingAfter(map, count, fileBlock);
            if (index < count && map[index].FileBlock <= fileBlock)
            {
                diskBlock = map[index].DiskBlock + (fileBlock - map[index].FileBlock);
                run = map[index].FileEnd - fileBlock;
                return true;
            }

            diskBlock = 0;
            run = index < count ? map[index].FileBlock - fileBlock : ulong.MaxValue - fileBlock;
            return false;
        }

        /// <summary>
        /// Maps file blocks [fileBlock, fileBlock + blocks) to disk blocks from <paramref name="diskBlock"/>, or unmaps
        /// them when it is 0 (a hole), as an Extent record does. Disk blocks the range was mapped to before go to
        /// <paramref name="replaced"/> (may be null). False, with nothing changed, for an empty span of room (fewer than
        /// count + SpareNeeded slots), a run over uint.MaxValue blocks or one that wraps.
        /// </summary>
        public static bool Map(Span<FileExtent> map, ref int count, ulong fileBlock, ulong diskBlock, ulong blocks, BlockRangeSink? replaced)
        {
            if (blocks == 0)
            {
                return true;
            }

            if (blocks > uint.MaxValue || fileBlock + blocks < fileBlock || diskBlock + blocks < diskBlock ||
                map.Length < count + SpareNeeded)
            {
                return false;
            }

            Unmap(map, ref count, fileBlock, fileBlock + blocks, replaced);
            if (diskBlock == 0)
            {
                return true;
            }

            int index = FirstEndingAfter(map, count, fileBlock);
            InsertAt(map, ref count, index, new FileExtent(fileBlock, diskBlock, (uint)blocks));
            TryMergeWithNext(map, ref count, index);
            if (index > 0)
            {
                TryMergeWithNext(map, ref count, index - 1);
            }

            return true;
        }

        /// <summary>Unmaps every file block at or past <paramref name="firstBlock"/> (a Truncate record); never needs room.</summary>
        public static void TruncateFrom(Span<FileExtent> map, ref int count, ulong firstBlock, BlockRangeSink? freed)
        {
            Unmap(map, ref count, firstBlock, ulong.MaxValue, freed);
        }

        /// <summary>Blocks mapped in total.</summary>
        public static ulong MappedBlocks(ReadOnlySpan<FileExtent> map, int count)
        {
            ulong total = 0;
            for (int i = 0; i < count; i++)
            {
                total += map[i].Count;
            }

            return total;
        }

        // Removes [first, end) from the map, trimming or splitting the extents at its edges. A split takes one slot,
        // which Map has checked for; truncation (end = ulong.MaxValue) never splits.
        private static void Unmap(Span<FileExtent> map, ref int count, ulong first, ulong end, BlockRangeSink? replaced)
        {
            int index = FirstEndingAfter(map, count, first);
            while (index < count && map[index].FileBlock < end)
            {
                FileExtent extent = map[index];
                ulong cutStart = Math.Max(extent.FileBlock, first);
                ulong cutEnd = Math.Min(extent.FileEnd, end);
                replaced?.Add(extent.DiskBlock + (cutStart - extent.FileBlock), cutEnd - cutStart);
                bool keepHead = extent.FileBlock < first;
                bool keepTail = extent.FileEnd > end;
                FileExtent tail = new FileExtent(end, extent.DiskBlock + (end - extent.FileBlock), (uint)(extent.FileEnd - end));
                if (keepHead)
                {
                    map[index].Count = (uint)(first - extent.FileBlock);
                    if (keepTail)
                    {
                        InsertAt(map, ref count, index + 1, tail);
                        return;
                    }

                    index++;
                }
                else if (keepTail)
                {
                    map[index] = tail;
                    return;
                }
                else
                {
                    map.Slice(index + 1, count - index - 1).CopyTo(map.Slice(index));
                    count--;
                }
            }
        }

        private static void InsertAt(Span<FileExtent> map, ref int count, int index, FileExtent extent)
        {
            map.Slice(index, count - index).CopyTo(map.Slice(index + 1));
            map[index] = extent;
            count++;
        }

        private static void TryMergeWithNext(Span<FileExtent> map, ref int count, int index)
        {
            if (index + 1 >= count)
            {
                return;
            }

            FileExtent left = map[index];
            FileExtent right = map[index + 1];
            if (left.FileEnd != right.FileBlock || left.DiskBlock + left.Count != right.DiskBlock ||
                (ulong)left.Count + right.Count > uint.MaxValue)
            {
                return;
            }

            map[index].Count = left.Count + right.Count;
            map.Slice(index + 2, count - index - 2).CopyTo(map.Slice(index + 1));
            count--;
        }
    }
}
