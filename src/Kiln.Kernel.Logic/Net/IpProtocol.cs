// IPv4 protocol numbers (IANA "Assigned Internet Protocol Numbers") that the stack recognises.

namespace Kiln.Net
{
    public static class IpProtocol
    {
        public const byte Icmp = 1;
        public const byte Tcp = 6;
        public const byte Udp = 17;
    }
}
