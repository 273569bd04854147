// One fixed-size block of queued TCP bytes, lent by a TcpChunkPool. Send and receive queues are made of these, so a
// connection holds memory in proportion to the bytes it has queued, not a fixed buffer per socket.
#nullable enable

namespace Kiln.Net.Tcp
{
    public sealed class TcpChunk
    {
        public readonly byte[] Data;

        /// <summary>The next free chunk while the chunk sits in its pool's free list.</summary>
        public TcpChunk? NextFree;

        public TcpChunk(int size)
        {
            Data = new byte[size];
        }
    }
}
