// Where an outgoing IPv4 packet goes: the interface, the source address to put in it, the next hop to resolve with
// ARP (the destination on-link, else the gateway) and whether it is a link broadcast (no ARP, MAC ff:ff:ff:ff:ff:ff).
#nullable enable

namespace Kiln.Net.Stack
{
    internal struct Ipv4Route
    {
        public NetInterface Interface;
        public uint Source;
        public uint NextHop;
        public bool LinkBroadcast;
    }
}
