// The network options' rules without starting kiln: defaults, derived gateways and resolvers, every rejection and
// its message, port ranges and duplicates, the port variables, and the command line winning over the config.

using System;
using System.Collections.Generic;
using System.Linq;
using Kiln.Host;
using Xunit;

namespace Kiln.Cli.Tests.Cli
{
    public sealed class NetworkOptionsTests
    {
        [Fact]
        public void NothingAskedGivesQemusDefaults()
        {
            GuestNetwork guest = Resolve(Request())!;
            Assert.False(guest.Dhcp);
            Assert.Equal("10.0.2.15/24 via 10.0.2.2 dns 10.0.2.3", Describe(guest));
        }

        [Fact]
        public void AnAddressElsewhereGetsItsSubnetsDotTwoAndQemusResolverThere()
        {
            GuestNetwork guest = Resolve(Request(ip: "192.168.50.7"), out QemuNetwork? qemu)!;
            Assert.Equal("192.168.50.7/24 via 192.168.50.2 dns 192.168.50.3", Describe(guest));
            Assert.Equal(0xC0A83202u, qemu!.Host);
            Assert.Equal(0xC0A83207u, qemu.DhcpStart);
        }

        [Fact]
        public void AGuestOnDotTwoGetsDotOneAsGateway()
        {
            Assert.Equal("10.1.0.2/16 via 10.1.0.1 dns 10.1.0.3", Describe(Resolve(Request(ip: "10.1.0.2", netmask: "255.255.0.0"))!));
        }

        [Theory]
        [InlineData("10.0.2.20/28", null)]
        [InlineData("10.0.2.20", "255.255.255.240")]
        [InlineData("10.0.2.20", "28")]
        [InlineData("10.0.2.20/28", "28")]
        public void ThePrefixComesFromTheAddressOrTheNetmask(string ip, string? netmask)
        {
            Assert.Equal(28, Resolve(Request(ip: ip, netmask: netmask))!.PrefixLength);
        }

        [Fact]
        public void GivenNameServersReplaceTheDefault()
        {
            GuestNetwork guest = Resolve(Request(dns: new[] { "1.1.1.1", "8.8.8.8" }))!;
            Assert.Equal(new uint[] { 0x01010101, 0x08080808 }, guest.NameServers);
        }

        [Fact]
        public void DhcpKeepsNameServersAndQemusSubnet()
        {
            GuestNetwork guest = Resolve(Request(dhcp: true), out QemuNetwork? qemu)!;
            Assert.True(guest.Dhcp);
            Assert.Equal(new uint[] { GuestNetwork.QemuResolver }, guest.NameServers);
            Assert.True(qemu!.IsQemuDefault);
        }

        [Theory]
        [InlineData("10.0.2", null, null, "invalid --ip value '10.0.2': expected an IPv4 address A.B.C.D or A.B.C.D/PREFIX (PREFIX 1 to 32)")]
        [InlineData("10.0.2.15/40", null, null, "invalid --ip value '10.0.2.15/40': expected an IPv4 address A.B.C.D or A.B.C.D/PREFIX (PREFIX 1 to 32)")]
        [InlineData(null, "255.0.255.0", null, "invalid --netmask value '255.0.255.0': expected a netmask such as 255.255.255.0 (contiguous ones) or a prefix length 1 to 32")]
        [InlineData(null, "33", null, "invalid --netmask value '33': expected a netmask such as 255.255.255.0 (contiguous ones) or a prefix length 1 to 32")]
        [InlineData("10.0.2.15/24", "255.255.0.0", null, "invalid --netmask value '255.255.0.0': it is /16, but --ip '10.0.2.15/24' says /24")]
        [InlineData("10.0.2.15/30", null, null, "invalid --ip value '10.0.2.15/30': a /30 network has no room for the guest, its gateway and QEMU's DNS forwarder: use /29 or shorter")]
        [InlineData("10.0.2.0", null, null, "invalid --ip value '10.0.2.0': it is the network address of 10.0.2.0/24, not a host's")]
        [InlineData("10.0.2.255", null, null, "invalid --ip value '10.0.2.255': it is the broadcast address of 10.0.2.0/24, not a host's")]
        [InlineData(null, "28", null, "invalid --netmask value '28': the default address 10.0.2.15 is the broadcast address of 10.0.2.0/28, not a host's")]
        [InlineData(null, null, "10.0.3.1", "invalid --gateway value '10.0.3.1': it is not in the guest's network 10.0.2.0/24")]
        [InlineData(null, null, "10.0.2.15", "invalid --gateway value '10.0.2.15': it is the guest's own address")]
        [InlineData(null, null, "10.0.2.255", "invalid --gateway value '10.0.2.255': it is the broadcast address of 10.0.2.0/24, not a host's")]
        [InlineData(null, null, "gw", "invalid --gateway value 'gw': expected an IPv4 address A.B.C.D")]
        public void BadStaticSettingsAreNamed(string? ip, string? netmask, string? gateway, string message)
        {
            Assert.Null(NetworkOptions.Resolve(Request(ip: ip, netmask: netmask, gateway: gateway), out _, out OptionError? error));
            Assert.Equal(message, error!.Message);
            Assert.False(error.FromConfig);
        }

        [Fact]
        public void BadAndTooManyNameServersAreNamed()
        {
            Assert.Null(NetworkOptions.Resolve(Request(dns: new[] { "dns.google" }), out _, out OptionError? error));
            Assert.Equal("invalid --dns value 'dns.google': expected an IPv4 address A.B.C.D", error!.Message);
            Assert.Null(NetworkOptions.Resolve(Request(dns: new[] { "1.0.0.1", "1.0.0.2", "1.0.0.3", "1.0.0.4" }), out _, out error));
            Assert.Equal("invalid --dns value '1.0.0.4': at most 3 name servers are used (glibc reads no more)", error!.Message);
        }

        [Fact]
        public void DhcpWithAStaticSettingIsRefused()
        {
            Assert.Null(NetworkOptions.Resolve(Request(dhcp: true, gateway: "10.0.2.2"), out _, out OptionError? error));
            Assert.Equal("--dhcp cannot be combined with --gateway '10.0.2.2': DHCP gives the address and the gateway", error!.Message);
        }

        [Fact]
        public void TheCommandLineWinsOverTheConfigValueByValue()
        {
            ConfigFile config = new ConfigFile { Path = "config.json", IPAddress = "192.168.1.20", NetMask = "255.255.0.0", Gateway = "bad" };
            config.NameServers.Add("9.9.9.9");
            RunSettings settings = Settings() with { Gateway = "192.168.1.1" };
            NetworkRequest request = NetworkRequest.From(settings, config);
            Assert.Equal(new OptionValue("RunConfig.IPAddress", "192.168.1.20", "config.json"), request.Ip);
            Assert.Equal(new OptionValue("--gateway", "192.168.1.1"), request.Gateway);
            Assert.Equal("192.168.1.20/16 via 192.168.1.1 dns 9.9.9.9", Describe(Resolve(request)!));

            NetworkRequest dhcp = NetworkRequest.From(Settings() with { Dhcp = true }, config);
            Assert.Null(dhcp.Ip);
            Assert.Null(dhcp.Gateway);
            Assert.Equal("9.9.9.9", dhcp.NameServers.Single().Value);
        }

        [Fact]
        public void AConfigValueIsNamedWithItsFile()
        {
            ConfigFile config = new ConfigFile { Path = "/srv/config.json", IPAddress = "10.0.2.300" };
            Assert.Null(NetworkOptions.Resolve(NetworkRequest.From(Settings(), config), out _, out OptionError? error));
            Assert.Equal("invalid RunConfig.IPAddress value '10.0.2.300' in /srv/config.json: expected an IPv4 address A.B.C.D or A.B.C.D/PREFIX (PREFIX 1 to 32)", error!.Message);
            Assert.True(error.FromConfig);
        }

        [Theory]
        [InlineData("8080", 8080, 8080)]
        [InlineData("1", 1, 1)]
        [InlineData("65535", 65535, 65535)]
        [InlineData("8000-8002", 8000, 8002)]
        [InlineData("9-9", 9, 9)]
        public void PortsAndRangesParse(string text, int first, int last)
        {
            Assert.True(PortOptions.TryParseRange(text, out int a, out int b, out _));
            Assert.Equal((first, last), (a, b));
        }

        [Theory]
        [InlineData("", "expected PORT or FIRST-LAST, e.g. 8080 or 8000-8010")]
        [InlineData("http", "expected PORT or FIRST-LAST, e.g. 8080 or 8000-8010")]
        [InlineData("-80", "expected PORT or FIRST-LAST, e.g. 8080 or 8000-8010")]
        [InlineData("80-", "expected PORT or FIRST-LAST, e.g. 8080 or 8000-8010")]
        [InlineData("1-2-3", "expected PORT or FIRST-LAST, e.g. 8080 or 8000-8010")]
        [InlineData(" 80", "expected PORT or FIRST-LAST, e.g. 8080 or 8000-8010")]
        [InlineData("0", "ports are 1 to 65535")]
        [InlineData("65536", "ports are 1 to 65535")]
        [InlineData("100000", "ports are 1 to 65535")]
        [InlineData("9000-8000", "the range's first port is above its last")]
        public void BadPortsAreRejected(string text, string reason)
        {
            Assert.False(PortOptions.TryParseRange(text, out _, out _, out string why));
            Assert.Equal(reason, why);
        }

        [Fact]
        public void RangesExpandAndAPortTwiceIsNamedWithBothValues()
        {
            List<PortForward> forwards = PortOptions.Collect(ForwardProtocol.Tcp, new[] { new OptionValue("--port", "8000-8002"), new OptionValue("--port", "9000") }, out _)!;
            Assert.Equal(new[] { 8000, 8001, 8002, 9000 }, forwards.Select(forward => forward.Port));
            Assert.Equal("--port '8000-8002'", forwards[1].Source);

            Assert.Null(PortOptions.Collect(ForwardProtocol.Udp, new[] { new OptionValue("RunConfig.UDPPorts", "53", "c.json"), new OptionValue("--udp", "50-60") }, out OptionError? error));
            Assert.Equal("invalid --udp value '50-60': port 53 is already forwarded by RunConfig.UDPPorts '53' in c.json", error!.Message);
        }

        [Fact]
        public void TheSamePortMayBeForwardedForTcpAndUdp()
        {
            RunSettings settings = Settings() with { TcpPorts = new[] { "53" }, UdpPorts = new[] { "53" } };
            List<PortForward> forwards = RunCommand.CollectForwards(settings, null, out _)!;
            Assert.Equal(new[] { (ForwardProtocol.Tcp, 53), (ForwardProtocol.Udp, 53) }, forwards.Select(forward => (forward.Protocol, forward.Port)));
        }

        [Fact]
        public void NoNetworkRefusesForwardsButDropsTheConfigs()
        {
            ConfigFile config = new ConfigFile { Path = "config.json" };
            config.Ports.Add("8080");
            Assert.Empty(RunCommand.CollectForwards(Settings() with { NoNetwork = true }, config, out _)!);
            Assert.Null(RunCommand.CollectForwards(Settings() with { NoNetwork = true, UdpPorts = new[] { "53" } }, config, out OptionError? error));
            Assert.Equal("--udp '53' forwards a port to the network, which --no-network leaves out", error!.Message);
        }

        [Fact]
        public void PortVariablesNameTheForwardsUnlessTheUserSetThem()
        {
            PortForward[] forwards =
            {
                new PortForward(ForwardProtocol.Udp, 53, "--udp '53'"),
                new PortForward(ForwardProtocol.Tcp, 8080, "--port '8080'"),
                new PortForward(ForwardProtocol.Tcp, 8443, "--port '8443'"),
            };
            Assert.Equal(new[] { "A=1", "PORT=8080", "KILN_PORTS=8080,8443", "KILN_UDP_PORTS=53" }, PortEnvironment.Add(new[] { "A=1" }, forwards));
            Assert.Equal(new[] { "PORT=3000", "KILN_PORTS=8080,8443", "KILN_UDP_PORTS=53" }, PortEnvironment.Add(new[] { "PORT=3000" }, forwards));
            Assert.Equal(new[] { "A=1" }, PortEnvironment.Add(new[] { "A=1" }, Array.Empty<PortForward>()));
        }

        private static GuestNetwork? Resolve(NetworkRequest request) => Resolve(request, out _);

        private static GuestNetwork? Resolve(NetworkRequest request, out QemuNetwork? qemu)
        {
            GuestNetwork? guest = NetworkOptions.Resolve(request, out qemu, out OptionError? error);
            Assert.True(guest != null, error?.Message);
            return guest;
        }

        private static NetworkRequest Request(string? ip = null, string? netmask = null, string? gateway = null, string[]? dns = null, bool dhcp = false) =>
            NetworkRequest.From(Settings() with { Ip = ip, Netmask = netmask, Gateway = gateway, Dns = dns ?? Array.Empty<string>(), Dhcp = dhcp }, null);

        private static RunSettings Settings() => new RunSettings("/p", Array.Empty<string>(), Array.Empty<string>(), null, "auto", false, false);

        private static string Describe(GuestNetwork guest) =>
            $"{GuestNetwork.Format(guest.Address)}/{guest.PrefixLength} via {GuestNetwork.Format(guest.Gateway)} dns {string.Join(',', guest.NameServers.Select(GuestNetwork.Format))}";
    }
}
