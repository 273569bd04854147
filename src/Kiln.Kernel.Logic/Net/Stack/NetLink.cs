// A link the stack sends Ethernet frames on: a NIC driver in the kernel (virtio-net today, gVNIC or ENA later), a
// simulated wire in host tests. Received frames go the other way, through NetStack.Receive.
using System;

namespace Kiln.Net.Stack
{
    public abstract class NetLink
    {
        /// <summary>The link's MAC address in the low 48 bits, first octet most significant (as ArpCache keeps them).</summary>
        public abstract ulong MacAddress { get; }

        /// <summary>The largest IPv4 packet the link carries (1500 on Ethernet).</summary>
        public abstract int Mtu { get; }

        /// <summary>Sends one frame (destination MAC, source MAC, EtherType, payload; no FCS). False when the
        /// device has no room: the frame is dropped, as a full NIC queue drops, and TCP retransmits.</summary>
        public abstract bool Transmit(ReadOnlySpan<byte> frame);
    }
}
