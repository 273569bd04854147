// The shared pool of TcpChunks every connection of a stack queues its bytes in. Chunks are created on demand up to a
// limit and then recycled through a free list: nothing is allocated per segment once the pool has warmed up, and
// kernel memory stays flat however many connections come and go. InUse is what tests and soak checks read.
#nullable enable

namespace Kiln.Net.Tcp
{
    public sealed class TcpChunkPool
    {
        public const int DefaultChunkSize = 2048;

        private readonly int _chunkSize;
        private readonly int _maxChunks;
        private TcpChunk? _free;
        private int _created;
        private int _inUse;

        /// <param name="chunkSize">Bytes per chunk.</param>
        /// <param name="maxChunks">The most chunks ever created; Rent fails beyond it (the connection then drops
        /// what it cannot queue, and senders see a full buffer).</param>
        public TcpChunkPool(int chunkSize = DefaultChunkSize, int maxChunks = int.MaxValue)
        {
            _chunkSize = chunkSize;
            _maxChunks = maxChunks;
        }

        public int ChunkSize => _chunkSize;

        /// <summary>Chunks lent out and not yet returned.</summary>
        public int InUse => _inUse;

        /// <summary>Chunks ever created (lent or free).</summary>
        public int Created => _created;

        /// <summary>A chunk, or null when the limit is reached and none is free.</summary>
        public TcpChunk? Rent()
        {
            TcpChunk? chunk = _free;
            if (chunk != null)
            {
                _free = chunk.NextFree;
                chunk.NextFree = null;
            }
            else
            {
                if (_created >= _maxChunks)
                {
                    return null;
                }
                chunk = new TcpChunk(_chunkSize);
                _created++;
            }
            _inUse++;
            return chunk;
        }

        public void Return(TcpChunk chunk)
        {
            chunk.NextFree = _free;
            _free = chunk;
            _inUse--;
        }
    }
}
