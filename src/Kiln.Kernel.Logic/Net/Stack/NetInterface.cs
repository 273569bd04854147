// One network interface of the stack: loopback ("lo") or an Ethernet link ("eth0"), with its IPv4 address. What
// getifaddrs, SIOCGIFCONF and /proc/net read. The stack keeps the interface's ARP cache and DHCP client here too.
#nullable enable
using Kiln.Net.Dhcp;

namespace Kiln.Net.Stack
{
    public sealed class NetInterface
    {
        /// <summary>Linux's interface index (lo is 1).</summary>
        public int Index;

        /// <summary>"lo", "eth0" ...</summary>
        public string Name = "";

        /// <summary>The link, or null for loopback.</summary>
        public NetLink? Link;

        public uint Ipv4Address;
        public int Ipv4PrefixLength;

        public bool IsLoopback => Link == null;
        public int Mtu => Link == null ? 65536 : Link.Mtu;
        public ulong MacAddress => Link == null ? 0 : Link.MacAddress;

        /// <summary>The netmask of the prefix (0 for /0 or no address).</summary>
        public uint Ipv4Netmask => Ipv4PrefixLength <= 0 ? 0 : Ipv4PrefixLength >= 32 ? 0xFFFF_FFFF : ~(0xFFFF_FFFFu >> Ipv4PrefixLength);

        /// <summary>The subnet's directed broadcast address (0 without an address).</summary>
        public uint Ipv4Broadcast => Ipv4Address == 0 ? 0 : Ipv4Address | ~Ipv4Netmask;

        /// <summary>True when <paramref name="address"/> is on this interface's subnet.</summary>
        public bool IsOnLink(uint address) =>
            Ipv4Address != 0 && (address & Ipv4Netmask) == (Ipv4Address & Ipv4Netmask);

        /// <summary>Neighbours on an Ethernet link (null for loopback).</summary>
        internal ArpCache? Arp;

        /// <summary>When a stale ARP entry was last probed again (rate limit of re-resolution).</summary>
        internal long LastStaleProbeNs = long.MinValue;

        /// <summary>The DHCP client of this interface, once StartDhcp ran.</summary>
        public DhcpClient? Dhcp;
    }
}
