// One pooled byte buffer holding a frame, an IPv4 packet, a fragment or a queued datagram, with the few facts the
// queue that holds it needs (length, where it came from) and a link for that queue. Buffers come from and go back to
// a PacketBufferPool; nothing keeps a buffer after returning it.
#nullable enable

namespace Kiln.Net.Stack
{
    public sealed class PacketBuffer
    {
        public readonly byte[] Data;

        /// <summary>The size class this buffer belongs to in its pool.</summary>
        internal readonly int SizeClass;

        /// <summary>Bytes in use, from Data[0].</summary>
        public int Length;

        /// <summary>Queue link (pending ARP, loopback, socket receive queue, fragment list, free list).</summary>
        public PacketBuffer? Next;

        /// <summary>Per-use metadata: the sender of a queued datagram, the next hop of a packet waiting for ARP, the
        /// byte offset of a fragment.</summary>
        public uint Address;
        public ushort Port;
        public int Offset;

        internal PacketBuffer(int capacity, int sizeClass)
        {
            Data = new byte[capacity];
            SizeClass = sizeClass;
        }

        public int Capacity => Data.Length;
    }
}
