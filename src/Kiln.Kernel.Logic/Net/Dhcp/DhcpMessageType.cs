// DHCP message types (RFC 2132 9.6, option 53).
namespace Kiln.Net.Dhcp
{
    public static class DhcpMessageType
    {
        public const byte Discover = 1;
        public const byte Offer = 2;
        public const byte Request = 3;
        public const byte Decline = 4;
        public const byte Ack = 5;
        public const byte Nak = 6;
        public const byte Release = 7;
        public const byte Inform = 8;
    }
}
