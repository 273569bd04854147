// One IPv4 datagram being put back together: its identity (source, destination, protocol, identification; RFC 791
// 3.2), the fragments received so far sorted by offset, the total length once the last fragment came, and when to
// give up.
#nullable enable

namespace Kiln.Net.Stack
{
    internal sealed class ReassemblyEntry
    {
        public bool InUse;
        public uint Source;
        public uint Destination;
        public ushort Identification;
        public byte Protocol;
        public long DeadlineNs;

        /// <summary>Fragments by ascending offset (PacketBuffer.Offset), none overlapping.</summary>
        public PacketBuffer? Fragments;

        /// <summary>The payload length of the whole datagram, or -1 until the fragment without MF arrived.</summary>
        public int TotalLength;
        public int ReceivedBytes;
        public int HeldBytes;
    }
}
