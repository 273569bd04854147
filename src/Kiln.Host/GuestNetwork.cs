// How the guest's network is configured, as kiln writes it into the manifest (ip, gateway, dns, dhcp records) and
// into /etc/resolv.conf: DHCP, or a static address with its prefix length and gateway; the name servers either way.
// Addresses are IPv4 in host byte order, as Kiln.Manifest.Ipv4Text reads them back in the kernel.

using System.Collections.Generic;

namespace Kiln.Host
{
    /// <summary>The guest's IPv4 configuration.</summary>
    /// <param name="Dhcp">Ask QEMU's DHCP server instead of using Address and Gateway.</param>
    /// <param name="Address">The static address.</param>
    /// <param name="PrefixLength">The static address's prefix length, 1 to 32.</param>
    /// <param name="Gateway">The default route's next hop.</param>
    /// <param name="NameServers">Name servers in order of preference (at most three: glibc reads no more).</param>
    public sealed record GuestNetwork(bool Dhcp, uint Address, int PrefixLength, uint Gateway, IReadOnlyList<uint> NameServers)
    {
        /// <summary>The address QEMU's user network gives its first DHCP client, 10.0.2.15.</summary>
        public const uint QemuGuestAddress = 0x0A00020F;

        /// <summary>QEMU's user network: 10.0.2.0/24.</summary>
        public const uint QemuNetwork = 0x0A000200;

        /// <summary>QEMU's user network's prefix length.</summary>
        public const int QemuPrefixLength = 24;

        /// <summary>QEMU's user network's gateway (the host as the guest sees it), 10.0.2.2.</summary>
        public const uint QemuGateway = 0x0A000202;

        /// <summary>QEMU's user network's DNS forwarder, 10.0.2.3.</summary>
        public const uint QemuResolver = 0x0A000203;

        /// <summary>The static configuration that matches QEMU's user network: 10.0.2.15/24 via 10.0.2.2, DNS 10.0.2.3.</summary>
        public static GuestNetwork Default { get; } = new GuestNetwork(false, QemuGuestAddress, QemuPrefixLength, QemuGateway, new[] { QemuResolver });

        /// <summary>The netmask of <see cref="PrefixLength"/>.</summary>
        public uint Netmask => Kiln.Manifest.Ipv4Text.Netmask(PrefixLength);

        /// <summary>"A.B.C.D" for an address in host byte order.</summary>
        public static string Format(uint address) => $"{address >> 24}.{(address >> 16) & 0xff}.{(address >> 8) & 0xff}.{address & 0xff}";
    }
}
