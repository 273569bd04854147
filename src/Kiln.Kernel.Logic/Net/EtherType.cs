// EtherType values of the Ethernet II header (IEEE 802 numbers assigned by IANA) that the stack recognises.

namespace Kiln.Net
{
    public static class EtherType
    {
        public const ushort Ipv4 = 0x0800;
        public const ushort Arp = 0x0806;
        public const ushort Ipv6 = 0x86DD;
    }
}
