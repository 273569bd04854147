// One network interface of the stack: loopback ("lo") or an Ethernet link ("eth0"), with its IPv4 address. What
// getifaddrs, SIOCGIFCONF and /proc/net read. FIXME: skeleton of the agreed surface; the stack helper fills it in.
#nullable enable
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
    }
}
