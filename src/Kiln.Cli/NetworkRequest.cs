// The network settings a user asked for, each value with its origin: --dhcp, --ip, --netmask, --gateway and --dns on
// the command line, or RunConfig.IPAddress, RunConfig.NetMask, RunConfig.Gateway and NameServers in the config file
// (the command line wins, value by value; --dhcp drops the config's static values).

using System;
using System.Collections.Generic;
using System.Linq;

namespace Kiln.Cli
{
    /// <summary>Unchecked network settings.</summary>
    /// <param name="Dhcp">Configure the guest by DHCP.</param>
    /// <param name="Ip">A.B.C.D or A.B.C.D/PREFIX, or null.</param>
    /// <param name="Netmask">A dotted netmask or a prefix length, or null.</param>
    /// <param name="Gateway">A.B.C.D, or null.</param>
    /// <param name="NameServers">A.B.C.D each; empty for QEMU's DNS forwarder.</param>
    internal sealed record NetworkRequest(bool Dhcp, OptionValue? Ip, OptionValue? Netmask, OptionValue? Gateway, IReadOnlyList<OptionValue> NameServers)
    {
        /// <summary>The request of <paramref name="settings"/> merged over <paramref name="config"/>.</summary>
        public static NetworkRequest From(RunSettings settings, ConfigFile? config)
        {
            string? path = config?.Path;
            OptionValue? Pick(string? typed, string flag, string? configured, string key) =>
                typed != null ? new OptionValue(flag, typed) : configured != null && !settings.Dhcp ? new OptionValue(key, configured, path) : null;

            IReadOnlyList<OptionValue> nameServers = settings.Dns.Count > 0
                ? settings.Dns.Select(server => new OptionValue("--dns", server)).ToList()
                : (config?.NameServers ?? new List<string>()).Select(server => new OptionValue("NameServers", server, path)).ToList();
            return new NetworkRequest(
                settings.Dhcp,
                Pick(settings.Ip, "--ip", config?.IPAddress, "RunConfig.IPAddress"),
                Pick(settings.Netmask, "--netmask", config?.NetMask, "RunConfig.NetMask"),
                Pick(settings.Gateway, "--gateway", config?.Gateway, "RunConfig.Gateway"),
                nameServers);
        }
    }
}
