// A byte queue made of pooled chunks and addressed by offset from its head: the send queue (offset 0 is SND.UNA's
// byte) and the receive queue (offset 0 is the next byte the user reads; bytes past Length are out-of-order data
// written ahead of time). Chunks are rented when a write first touches them and returned when the head moves past
// them or the queue empties, so memory follows the bytes held. The slot array is sized once for the buffer limit.
#nullable enable
using System;

namespace Kiln.Net.Tcp
{
    public sealed class TcpChunkRing
    {
        private TcpChunkPool? _pool;
        private TcpChunk?[] _slots = new TcpChunk?[0];
        private int _chunkSize = TcpChunkPool.DefaultChunkSize;
        private int _headSlot;
        private int _headOffset;
        private int _length;
        private int _written;
        private int _chunksHeld;

        /// <summary>Bytes in order from the head (what the queue holds for sure).</summary>
        public int Length => _length;

        /// <summary>Bytes from the head to the end of the furthest write (out-of-order data included).</summary>
        public int WrittenExtent => _written;

        public int ChunksHeld => _chunksHeld;

        /// <summary>The most bytes the ring can address from its head.</summary>
        public int Capacity => _slots.Length * _chunkSize - _headOffset;

        /// <summary>Binds the ring to a pool and makes room to address at least <paramref name="bytes"/> bytes.
        /// Allocates only when the slot array must grow (a bigger buffer size than any before).</summary>
        public void Configure(TcpChunkPool pool, int bytes)
        {
            if (_chunksHeld != 0 && pool != _pool)
            {
                Clear();
            }
            _pool = pool;
            _chunkSize = pool.ChunkSize;
            int slotsNeeded = (bytes + _chunkSize - 1) / _chunkSize + 1;
            if (slotsNeeded <= _slots.Length)
            {
                return;
            }
            TcpChunk?[] slots = new TcpChunk?[slotsNeeded];
            for (int i = 0; i < _slots.Length; i++)
            {
                slots[i] = _slots[(_headSlot + i) % _slots.Length];
            }
            _slots = slots;
            _headSlot = 0;
        }

        /// <summary>Copies <paramref name="data"/> to <paramref name="offset"/> from the head, renting chunks as
        /// needed. False (nothing written) when it does not fit the capacity or the pool is exhausted.</summary>
        public bool Write(int offset, ReadOnlySpan<byte> data)
        {
            if (_pool == null || offset < 0 || data.Length > Capacity - offset)
            {
                return false;
            }
            int first = (_headOffset + offset) / _chunkSize;
            int last = (_headOffset + offset + data.Length - 1) / _chunkSize;
            for (int index = first; index <= last && data.Length > 0; index++)
            {
                int slot = (_headSlot + index) % _slots.Length;
                if (_slots[slot] == null)
                {
                    TcpChunk? chunk = _pool.Rent();
                    if (chunk == null)
                    {
                        return false;
                    }
                    _slots[slot] = chunk;
                    _chunksHeld++;
                }
            }
            int position = _headOffset + offset;
            int remaining = data.Length;
            int source = 0;
            while (remaining > 0)
            {
                int slot = (_headSlot + position / _chunkSize) % _slots.Length;
                int within = position % _chunkSize;
                int count = Math.Min(remaining, _chunkSize - within);
                data.Slice(source, count).CopyTo(new Span<byte>(_slots[slot]!.Data, within, count));
                source += count;
                position += count;
                remaining -= count;
            }
            if (offset + data.Length > _written)
            {
                _written = offset + data.Length;
            }
            return true;
        }

        /// <summary>Appends at Length; returns the bytes taken (fewer when the limit, capacity or pool runs out).</summary>
        public int Append(ReadOnlySpan<byte> data, int limit)
        {
            int count = Math.Min(data.Length, Math.Min(limit, Capacity) - _length);
            if (count <= 0)
            {
                return 0;
            }
            int done = 0;
            while (done < count)
            {
                int piece = Math.Min(count - done, _chunkSize);
                if (!Write(_length, data.Slice(done, piece)))
                {
                    break;
                }
                _length += piece;
                done += piece;
            }
            return done;
        }

        /// <summary>Marks bytes up to <paramref name="length"/> from the head as in order (they were written before).</summary>
        public void SetLength(int length)
        {
            _length = length;
            if (_written < length)
            {
                _written = length;
            }
        }

        /// <summary>Copies bytes from <paramref name="offset"/>; the caller keeps within WrittenExtent.</summary>
        public void CopyOut(int offset, Span<byte> destination)
        {
            int position = _headOffset + offset;
            int remaining = destination.Length;
            int target = 0;
            while (remaining > 0)
            {
                int slot = (_headSlot + position / _chunkSize) % _slots.Length;
                int within = position % _chunkSize;
                int count = Math.Min(remaining, _chunkSize - within);
                TcpChunk? chunk = _slots[slot];
                if (chunk == null)
                {
                    destination.Slice(target, count).Clear();
                }
                else
                {
                    new ReadOnlySpan<byte>(chunk.Data, within, count).CopyTo(destination.Slice(target, count));
                }
                target += count;
                position += count;
                remaining -= count;
            }
        }

        /// <summary>Drops <paramref name="count"/> bytes from the head (at most Length), returning chunks the head
        /// moved past, and every chunk when nothing is left.</summary>
        public void Discard(int count)
        {
            if (count > _length)
            {
                count = _length;
            }
            if (count <= 0)
            {
                return;
            }
            _length -= count;
            _written -= count;
            int position = _headOffset + count;
            int passed = position / _chunkSize;
            for (int i = 0; i < passed; i++)
            {
                ReleaseSlot((_headSlot + i) % _slots.Length);
            }
            _headSlot = (_headSlot + passed) % _slots.Length;
            _headOffset = position % _chunkSize;
            if (_written == 0)
            {
                Clear();
            }
        }

        /// <summary>Forgets everything written past Length (out-of-order data the peer will send again).</summary>
        public void ForgetBeyondLength()
        {
            _written = _length;
            int keepSlots = (_headOffset + _length + _chunkSize - 1) / _chunkSize;
            for (int i = keepSlots; i < _slots.Length; i++)
            {
                ReleaseSlot((_headSlot + i) % _slots.Length);
            }
            if (_length == 0)
            {
                Clear();
            }
        }

        /// <summary>Returns every chunk and empties the queue.</summary>
        public void Clear()
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                ReleaseSlot(i);
            }
            _headSlot = 0;
            _headOffset = 0;
            _length = 0;
            _written = 0;
        }

        private void ReleaseSlot(int slot)
        {
            TcpChunk? chunk = _slots[slot];
            if (chunk != null)
            {
                _slots[slot] = null;
                _chunksHeld--;
                _pool!.Return(chunk);
            }
        }
    }
}
