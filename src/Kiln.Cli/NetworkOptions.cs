// Turns a NetworkRequest into the guest's configuration (written to the manifest and resolv.conf) and QEMU's user
// network that serves it. Defaults are QEMU's own: 10.0.2.15/24 via 10.0.2.2, DNS 10.0.2.3. A static address elsewhere
// gets a gateway (the subnet's .2, as QEMU numbers it, unless --gateway says) and QEMU is told to use that subnet, so
// the gateway answers ARP and forwarded ports reach the guest's address.

using System.Collections.Generic;
using System.Text;
using Kiln.Host;
using Kiln.Manifest;

namespace Kiln.Cli
{
    /// <summary>Checks network settings.</summary>
    internal static class NetworkOptions
    {
        /// <summary>The longest prefix that leaves room for the guest, its gateway and QEMU's DNS forwarder.</summary>
        public const int MaxPrefixLength = 29;

        /// <summary>The guest's configuration and QEMU's network without forwards, or null with the first error.</summary>
        public static GuestNetwork? Resolve(NetworkRequest request, out QemuNetwork? qemu, out OptionError? error)
        {
            qemu = null;
            error = null;
            List<uint> nameServers = new List<uint>();
            foreach (OptionValue server in request.NameServers)
            {
                if (!Ipv4Text.TryParse(Encoding.ASCII.GetBytes(server.Value), out uint address))
                {
                    error = OptionError.About(server, "expected an IPv4 address A.B.C.D");
                    return null;
                }

                if (nameServers.Count == ManifestNetwork.MaxNameServers)
                {
                    error = OptionError.About(server, $"at most {ManifestNetwork.MaxNameServers} name servers are used (glibc reads no more)");
                    return null;
                }

                nameServers.Add(address);
            }

            GuestNetwork? guest = request.Dhcp ? ResolveDhcp(request, out error) : ResolveStatic(request, out error);
            if (guest == null)
            {
                return null;
            }

            qemu = QemuNetwork.For(guest, new List<int>(), new List<int>(), out string? reason);
            if (qemu == null)
            {
                error = request.Ip != null ? OptionError.About(request.Ip, reason!) : new OptionError(reason!, false);
                return null;
            }

            return guest with { NameServers = nameServers.Count > 0 ? nameServers : new[] { qemu.Resolver } };
        }

        private static GuestNetwork? ResolveDhcp(NetworkRequest request, out OptionError? error)
        {
            error = null;
            OptionValue? conflict = request.Ip ?? request.Netmask ?? request.Gateway;
            if (conflict != null)
            {
                error = new OptionError($"--dhcp cannot be combined with {conflict.Quoted}: DHCP gives the address and the gateway", conflict.ConfigPath != null);
                return null;
            }

            return new GuestNetwork(true, 0, 0, 0, new List<uint>());
        }

        private static GuestNetwork? ResolveStatic(NetworkRequest request, out OptionError? error)
        {
            error = null;
            uint address = GuestNetwork.QemuGuestAddress;
            int prefix = -1;
            if (request.Ip != null && !TryParseIp(request.Ip.Value, out address, out prefix))
            {
                error = OptionError.About(request.Ip, "expected an IPv4 address A.B.C.D or A.B.C.D/PREFIX (PREFIX 1 to 32)");
                return null;
            }

            if (request.Netmask != null)
            {
                if (!TryParseNetmask(request.Netmask.Value, out int maskPrefix))
                {
                    error = OptionError.About(request.Netmask, "expected a netmask such as 255.255.255.0 (contiguous ones) or a prefix length 1 to 32");
                    return null;
                }

                if (prefix >= 0 && prefix != maskPrefix)
                {
                    error = OptionError.About(request.Netmask, $"it is /{maskPrefix}, but {request.Ip!.Quoted} says /{prefix}");
                    return null;
                }

                prefix = maskPrefix;
            }

            prefix = prefix < 0 ? GuestNetwork.QemuPrefixLength : prefix;
            OptionValue blame = request.Netmask ?? request.Ip ?? new OptionValue("--ip", "");
            if (prefix > MaxPrefixLength)
            {
                error = OptionError.About(blame, $"a /{prefix} network has no room for the guest, its gateway and QEMU's DNS forwarder: use /{MaxPrefixLength} or shorter");
                return null;
            }

            uint mask = Ipv4Text.Netmask(prefix);
            uint network = address & mask;
            string subnet = $"{GuestNetwork.Format(network)}/{prefix}";
            if (address == network || address == (network | ~mask))
            {
                string subject = request.Ip != null ? "it" : $"the default address {GuestNetwork.Format(address)}";
                error = OptionError.About(request.Ip ?? blame, $"{subject} is the {(address == network ? "network" : "broadcast")} address of {subnet}, not a host's");
                return null;
            }

            uint gateway = address == (network | 2) ? network | 1 : network | 2;
            if (request.Gateway != null)
            {
                if (!Ipv4Text.TryParse(Encoding.ASCII.GetBytes(request.Gateway.Value), out gateway))
                {
                    error = OptionError.About(request.Gateway, "expected an IPv4 address A.B.C.D");
                    return null;
                }

                string? problem = (gateway & mask) != network ? $"it is not in the guest's network {subnet}"
                    : gateway == address ? "it is the guest's own address"
                    : gateway == network || gateway == (network | ~mask) ? $"it is the {(gateway == network ? "network" : "broadcast")} address of {subnet}, not a host's"
                    : null;
                if (problem != null)
                {
                    error = OptionError.About(request.Gateway, problem);
                    return null;
                }
            }

            return new GuestNetwork(false, address, prefix, gateway, new List<uint>());
        }

        private static bool TryParseIp(string text, out uint address, out int prefix)
        {
            prefix = -1;
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            return text.Contains('/') ? Ipv4Text.TryParsePrefix(bytes, out address, out prefix) : Ipv4Text.TryParse(bytes, out address);
        }

        private static bool TryParseNetmask(string text, out int prefix)
        {
            prefix = 0;
            if (Ipv4Text.TryParse(Encoding.ASCII.GetBytes(text), out uint mask))
            {
                prefix = System.Numerics.BitOperations.PopCount(mask);
                return prefix >= 1 && Ipv4Text.Netmask(prefix) == mask;
            }

            return text.Length is 1 or 2 && text[0] != '0' && int.TryParse(text, System.Globalization.NumberStyles.None, null, out prefix) && prefix >= 1 && prefix <= 32;
        }
    }
}
