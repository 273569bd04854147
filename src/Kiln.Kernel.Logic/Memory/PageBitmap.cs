// Bookkeeping for the physical page allocator: one bit per page frame, set when the frame is in use. The bits live in
// a word array the caller owns and passes to each call (the kernel keeps it in physical memory; tests use an array),
// so this struct holds only counters and can be a static field.
using System;

namespace Kiln.Memory
{
    public struct PageBitmap
    {
        private long _frameCount;
        private long _freeCount;
        private long _searchHint;

        /// <summary>Starts with every frame in use; the caller frees the frames that are real, usable RAM.</summary>
        public PageBitmap(Span<ulong> words, long frameCount)
        {
            _frameCount = Math.Min(frameCount, (long)words.Length * 64);
            _freeCount = 0;
            _searchHint = 0;
            words.Fill(ulong.MaxValue);
        }

        public long FrameCount => _frameCount;

        public long FreeCount => _freeCount;

        public static int WordsFor(long frameCount) => (int)((frameCount + 63) / 64);

        public bool IsUsed(Span<ulong> words, long frame) => (words[(int)(frame >> 6)] & (1UL << (int)(frame & 63))) != 0;

        /// <summary>Marks [first, first+count) free; frames already free are left alone.</summary>
        public void FreeRange(Span<ulong> words, long first, long count)
        {
            long end = Math.Min(first + count, _frameCount);
            for (long frame = Math.Max(first, 0); frame < end; frame++)
            {
                Free(words, frame);
            }
        }

        /// <summary>Marks [first, first+count) used; frames already used are left alone.</summary>
        public void ReserveRange(Span<ulong> words, long first, long count)
        {
            long end = Math.Min(first + count, _frameCount);
            for (long frame = Math.Max(first, 0); frame < end; frame++)
            {
                if (!IsUsed(words, frame))
                {
                    words[(int)(frame >> 6)] |= 1UL << (int)(frame & 63);
                    _freeCount--;
                }
            }
        }

        public bool Free(Span<ulong> words, long frame)
        {
            if (frame < 0 || frame >= _frameCount || !IsUsed(words, frame))
            {
                return false;
            }

            words[(int)(frame >> 6)] &= ~(1UL << (int)(frame & 63));
            _freeCount++;
            if (frame < _searchHint)
            {
                _searchHint = frame;
            }

            return true;
        }

        /// <summary>Takes the lowest free frame below <paramref name="limit"/> frames.</summary>
        public bool TryAllocate(Span<ulong> words, long limit, out long frame)
        {
            long end = Math.Min(limit, _frameCount);
            for (long word = _searchHint >> 6; word * 64 < end; word++)
            {
                ulong bits = words[(int)word];
                if (bits == ulong.MaxValue)
                {
                    continue;
                }

                for (int bit = 0; bit < 64; bit++)
                {
                    long candidate = (word * 64) + bit;
                    if (candidate >= end)
                    {
                        break;
                    }

                    if ((bits & (1UL << bit)) == 0)
                    {
                        words[(int)word] |= 1UL << bit;
                        _freeCount--;
                        _searchHint = candidate;
                        frame = candidate;
                        return true;
                    }
                }
            }

            frame = -1;
            return false;
        }

        /// <summary>Takes <paramref name="count"/> consecutive free frames below <paramref name="limit"/>.</summary>
        public bool TryAllocateContiguous(Span<ulong> words, long count, long limit, out long first)
        {
            if (count <= 0)
            {
                first = -1;
                return false;
            }

            long end = Math.Min(limit, _frameCount);
            long run = 0;
            for (long frame = _searchHint; frame < end; frame++)
            {
                run = IsUsed(words, frame) ? 0 : run + 1;
                if (run == count)
                {
                    first = frame - count + 1;
                    ReserveRange(words, first, count);
                    return true;
                }
            }

            first = -1;
            return false;
        }
    }
}
