// QEMU's user-mode network (slirp) for one run: the subnet it simulates, its gateway (the host as the guest sees it),
// its DNS forwarder, the address its DHCP server hands out first (which is also where host port forwards without a
// guest address go), and the host 127.0.0.1 ports forwarded to the same guest ports. Derived from the guest's
// configuration so that a static address outside QEMU's default 10.0.2.0/24 still has a gateway that answers.

using System.Collections.Generic;

namespace Kiln.Host
{
    /// <summary>The -netdev user settings of a run.</summary>
    /// <param name="Network">The subnet's address.</param>
    /// <param name="PrefixLength">The subnet's prefix length.</param>
    /// <param name="Host">QEMU's gateway address.</param>
    /// <param name="Resolver">QEMU's DNS forwarder address.</param>
    /// <param name="DhcpStart">The first address QEMU's DHCP server hands out; forwarded ports go there.</param>
    /// <param name="TcpPorts">Host 127.0.0.1 TCP ports forwarded to the same guest port.</param>
    /// <param name="UdpPorts">Host 127.0.0.1 UDP ports forwarded to the same guest port.</param>
    public sealed record QemuNetwork(uint Network, int PrefixLength, uint Host, uint Resolver, uint DhcpStart, IReadOnlyList<int> TcpPorts, IReadOnlyList<int> UdpPorts)
    {
        /// <summary>True when the subnet is QEMU's default, so -netdev needs no address options.</summary>
        public bool IsQemuDefault => Network == GuestNetwork.QemuNetwork && PrefixLength == GuestNetwork.QemuPrefixLength &&
            Host == GuestNetwork.QemuGateway && Resolver == GuestNetwork.QemuResolver && DhcpStart == GuestNetwork.QemuGuestAddress;

        /// <summary>
        /// The user network that serves <paramref name="guest"/>: QEMU's default for DHCP and for the default static
        /// address; otherwise the guest's subnet with its gateway as QEMU's, QEMU's DNS forwarder on the first free
        /// address from .3 up, and the guest's address first in DHCP's pool (so forwarded ports reach it).
        /// </summary>
        /// <returns>The settings, or null with the reason when the subnet has no free address left for the DNS forwarder.</returns>
        public static QemuNetwork? For(GuestNetwork guest, IReadOnlyList<int> tcpPorts, IReadOnlyList<int> udpPorts, out string? error)
        {
            error = null;
            if (guest.Dhcp)
            {
                return new QemuNetwork(GuestNetwork.QemuNetwork, GuestNetwork.QemuPrefixLength, GuestNetwork.QemuGateway, GuestNetwork.QemuResolver,
                    GuestNetwork.QemuGuestAddress, tcpPorts, udpPorts);
            }

            uint mask = guest.Netmask;
            uint network = guest.Address & mask;
            uint broadcast = network | ~mask;
            uint resolver = 0;
            for (uint candidate = network + 3; candidate < broadcast && candidate > network; candidate++)
            {
                if (candidate != guest.Address && candidate != guest.Gateway)
                {
                    resolver = candidate;
                    break;
                }
            }

            if (resolver == 0)
            {
                error = $"the network {GuestNetwork.Format(network)}/{guest.PrefixLength} has no free address for QEMU's DNS forwarder beside the guest and its gateway: use a prefix of /29 or shorter";
                return null;
            }

            return new QemuNetwork(network, guest.PrefixLength, guest.Gateway, resolver, guest.Address, tcpPorts, udpPorts);
        }
    }
}
