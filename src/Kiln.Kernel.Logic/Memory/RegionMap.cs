// The program's address-space map: sorted, non-overlapping regions with mmap/munmap/mprotect semantics (splitting
// on partial unmaps and protection changes, merging equal neighbours; a file region's offset moves with its start, and
// only file regions that continue each other in the same file merge). It only keeps books; the kernel applies the
// page-table changes. Capacity is fixed at creation, and an operation that would exceed it fails and changes nothing.
// An optional RegionBackingTracker hears of every file region that appears or disappears, so each holds its file.
using System;

#nullable disable

namespace Kiln.Memory
{
    public sealed class RegionMap
    {
        private readonly Region[] _regions;
        private readonly RegionBackingTracker _tracker;
        private int _count;

        public RegionMap(int capacity, RegionBackingTracker tracker = null)
        {
            _regions = new Region[capacity];
            _tracker = tracker;
        }

        public int Count => _count;

        public int Capacity => _regions.Length;

        public Region this[int index] => _regions[index];

        /// <summary>Finds the region holding <paramref name="address"/>.</summary>
        public bool TryFind(ulong address, out Region region)
        {
            int index = IndexOfFirstEndingAfter(address);
            if (index < _count && _regions[index].Start <= address)
            {
                region = _regions[index];
                return true;
            }

            region = default;
            return false;
        }

        /// <summary>True when every byte of [start, end) lies in some region.</summary>
        public bool IsCovered(ulong start, ulong end)
        {
            ulong cursor = start;
            for (int i = IndexOfFirstEndingAfter(start); i < _count && cursor < end; i++)
            {
                if (_regions[i].Start > cursor)
                {
                    return false;
                }

                cursor = _regions[i].End;
            }

            return cursor >= end;
        }

        /// <summary>True when no region overlaps [start, end).</summary>
        public bool IsFree(ulong start, ulong end)
        {
            int index = IndexOfFirstEndingAfter(start);
            return index >= _count || _regions[index].Start >= end;
        }

        /// <summary>Adds a region over free space; fails on overlap or when the map is full.</summary>
        public bool Insert(Region region)
        {
            if (region.Start >= region.End || !IsFree(region.Start, region.End) || _count == _regions.Length)
            {
                return false;
            }

            int index = IndexOfFirstEndingAfter(region.Start);
            Array.Copy(_regions, index, _regions, index + 1, _count - index);
            _regions[index] = region;
            _count++;
            Attach(region);
            MergeAround(index);
            return true;
        }

        /// <summary>Removes [start, end) from whatever regions overlap it, splitting at the edges.</summary>
        public bool Remove(ulong start, ulong end)
        {
            if (start >= end)
            {
                return true;
            }

            int index = IndexOfFirstEndingAfter(start);
            if (index < _count && _regions[index].Start < start && _regions[index].End > end)
            {
                // A hole in the middle of one region: one region becomes two.
                if (_count == _regions.Length)
                {
                    return false;
                }

                Region whole = _regions[index];
                Region tail = whole.Slice(end, whole.End);
                _regions[index].End = start;
                Array.Copy(_regions, index + 1, _regions, index + 2, _count - index - 1);
                _regions[index + 1] = tail;
                _count++;
                Attach(tail);
                return true;
            }

            int write = index;
            for (int read = index; read < _count; read++)
            {
                Region r = _regions[read];
                if (r.Start >= end)
                {
                    _regions[write++] = r;
                    continue;
                }

                if (r.Start < start)
                {
                    r.End = start;
                    _regions[write++] = r;
                }
                else if (r.End > end)
                {
                    _regions[write++] = r.Slice(end, r.End);
                }
                else
                {
                    Detach(r);
                }
            }

            // Clear the slots left behind so they hold no reference to a file.
            for (int i = write; i < _count; i++)
            {
                _regions[i] = default;
            }

            _count = write;
            return true;
        }

        /// <summary>Changes the protection of [start, end), which must be wholly mapped.</summary>
        public bool Protect(ulong start, ulong end, RegionProtection protection)
        {
            if (!IsCovered(start, end))
            {
                return false;
            }

            // Each end that falls inside a region splits it and needs one more slot; check before touching anything.
            int splits = (IsInsideRegion(start) ? 1 : 0) + (IsInsideRegion(end) ? 1 : 0);
            if (_count + splits > _regions.Length)
            {
                return false;
            }

            SplitAt(start);
            SplitAt(end);
            for (int i = IndexOfFirstEndingAfter(start); i < _count && _regions[i].Start < end; i++)
            {
                _regions[i].Protection = protection;
            }

            for (int i = _count - 1; i >= 0; i--)
            {
                if (i < _count)
                {
                    MergeAround(i);
                }
            }

            return true;
        }

        /// <summary>
        /// Finds the highest gap of <paramref name="length"/> bytes inside [floor, ceiling), as Linux's top-down mmap
        /// layout does.
        /// </summary>
        public bool TryFindGap(ulong length, ulong floor, ulong ceiling, out ulong start)
        {
            ulong top = ceiling;
            for (int i = _count - 1; i >= -1; i--)
            {
                ulong gapStart = i >= 0 ? _regions[i].End : floor;
                if (gapStart < floor)
                {
                    gapStart = floor;
                }

                if (i >= 0 && _regions[i].Start >= ceiling)
                {
                    continue;
                }

                if (top > gapStart && top - gapStart >= length)
                {
                    start = top - length;
                    return true;
                }

                if (i >= 0)
                {
                    top = Math.Min(top, _regions[i].Start);
                    if (top <= floor)
                    {
                        break;
                    }
                }
            }

            start = 0;
            return false;
        }

        private bool IsInsideRegion(ulong address)
        {
            int index = IndexOfFirstEndingAfter(address);
            return index < _count && _regions[index].Start < address;
        }

        private void SplitAt(ulong address)
        {
            int index = IndexOfFirstEndingAfter(address);
            if (index >= _count || _regions[index].Start >= address)
            {
                return;
            }

            Region tail = _regions[index].Slice(address, _regions[index].End);
            _regions[index].End = address;
            Array.Copy(_regions, index + 1, _regions, index + 2, _count - index - 1);
            _regions[index + 1] = tail;
            _count++;
            Attach(tail);
        }

        private void MergeAround(int index)
        {
            if (index + 1 < _count && CanMerge(_regions[index], _regions[index + 1]))
            {
                Region absorbed = _regions[index + 1];
                _regions[index].End = absorbed.End;
                Array.Copy(_regions, index + 2, _regions, index + 1, _count - index - 2);
                _count--;
                _regions[_count] = default;
                Detach(absorbed);
            }

            if (index > 0 && CanMerge(_regions[index - 1], _regions[index]))
            {
                Region absorbed = _regions[index];
                _regions[index - 1].End = absorbed.End;
                Array.Copy(_regions, index + 1, _regions, index, _count - index - 1);
                _count--;
                _regions[_count] = default;
                Detach(absorbed);
            }
        }

        // Equal neighbours merge; file regions only when they map the same file contiguously and in the same way.
        private static bool CanMerge(Region left, Region right) =>
            left.End == right.Start && left.Protection == right.Protection && left.Kind == right.Kind
            && left.Backing == right.Backing && left.Shared == right.Shared
            && (left.Backing == null || left.Offset + left.Length == right.Offset);

        private void Attach(Region region)
        {
            if (region.Backing != null && _tracker != null)
            {
                _tracker.Attach(region.Backing);
            }
        }

        private void Detach(Region region)
        {
            if (region.Backing != null && _tracker != null)
            {
                _tracker.Detach(region.Backing);
            }
        }

        // Binary search: the index of the first region whose End is above address (or Count).
        private int IndexOfFirstEndingAfter(ulong address)
        {
            int low = 0;
            int high = _count;
            while (low < high)
            {
                int mid = (low + high) / 2;
                if (_regions[mid].End <= address)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            return low;
        }
    }
}
