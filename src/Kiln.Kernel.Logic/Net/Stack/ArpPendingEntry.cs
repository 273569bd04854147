// Packets waiting for one neighbour's MAC address: a short queue (the oldest is dropped when it is full, as Linux
// does), how many requests were sent and when to ask again.
#nullable enable

namespace Kiln.Net.Stack
{
    internal sealed class ArpPendingEntry
    {
        public NetInterface? Interface;
        public uint Address;
        public PacketBuffer? Head;
        public PacketBuffer? Tail;
        public int Count;
        public int Bytes;
        public int RequestsSent;
        public long NextRequestNs;
        public long CreatedNs;

        public bool InUse => Interface != null;
    }
}
