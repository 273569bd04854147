// The manifest's network records: ip/gateway/dns/dhcp written and read back through ManifestNetwork, the address
// syntax each accepts and rejects, the last-one-wins and first-three-name-servers rules, and errors naming the key.

using System.Text;
using Kiln.Manifest;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Manifest
{
    public sealed class ManifestNetworkTests
    {
        [Fact]
        public void StaticConfigurationReadsBack()
        {
            byte[] manifest = Write(
                (ManifestKey.Program, "/p"),
                (ManifestKey.Ip, "10.0.2.15/24"),
                (ManifestKey.Gateway, "10.0.2.2"),
                (ManifestKey.Dns, "10.0.2.3"),
                (ManifestKey.Dns, "192.168.1.1"),
                (ManifestKey.Dhcp, "0"));

            Assert.Equal(ManifestError.None, ManifestNetwork.Read(manifest, out ManifestNetwork network));
            Assert.False(network.Dhcp);
            Assert.True(network.HasAddress);
            Assert.Equal(0x0A00020Fu, network.Address);
            Assert.Equal(24, network.PrefixLength);
            Assert.Equal(0xFFFFFF00u, network.Netmask);
            Assert.True(network.HasGateway);
            Assert.Equal(0x0A000202u, network.Gateway);
            Assert.Equal(2, network.NameServerCount);
            Assert.Equal(0x0A000203u, network.NameServer(0));
            Assert.Equal(0xC0A80101u, network.NameServer(1));
            Assert.Equal(0u, network.NameServer(2));
            Assert.Equal(0u, network.NameServer(-1));
        }

        [Fact]
        public void NoNetworkRecordsMeanNothingConfigured()
        {
            Assert.Equal(ManifestError.None, ManifestNetwork.Read(Bytes("program=/p\0arg=x\0"), out ManifestNetwork network));
            Assert.False(network.Dhcp);
            Assert.False(network.HasAddress);
            Assert.False(network.HasGateway);
            Assert.Equal(0, network.NameServerCount);
        }

        [Fact]
        public void DhcpFlagAndTheLastAddressWin()
        {
            byte[] manifest = Bytes("program=/p\0dhcp=1\0ip=1.2.3.4/8\0ip=192.168.7.9/30\0gateway=1.1.1.1\0gateway=192.168.7.10\0");
            Assert.Equal(ManifestError.None, ManifestNetwork.Read(manifest, out ManifestNetwork network));
            Assert.True(network.Dhcp);
            Assert.Equal(0xC0A80709u, network.Address);
            Assert.Equal(30, network.PrefixLength);
            Assert.Equal(0xFFFFFFFCu, network.Netmask);
            Assert.Equal(0xC0A8070Au, network.Gateway);
        }

        [Fact]
        public void OnlyTheFirstThreeNameServersAreKept()
        {
            byte[] manifest = Bytes("program=/p\0dns=1.0.0.1\0dns=1.0.0.2\0dns=1.0.0.3\0dns=1.0.0.4\0");
            Assert.Equal(ManifestError.None, ManifestNetwork.Read(manifest, out ManifestNetwork network));
            Assert.Equal(ManifestNetwork.MaxNameServers, network.NameServerCount);
            Assert.Equal(0x01000003u, network.NameServer(2));
            Assert.Equal(0u, network.NameServer(3));
        }

        [Theory]
        [InlineData("ip", "10.0.2.15")]
        [InlineData("ip", "10.0.2.15/0")]
        [InlineData("ip", "10.0.2.15/33")]
        [InlineData("ip", "10.0.2.15/024")]
        [InlineData("ip", "10.0.2.15/")]
        [InlineData("ip", "10.0.2/24")]
        [InlineData("gateway", "10.0.2.2/24")]
        [InlineData("gateway", "10.0.2.256")]
        [InlineData("gateway", "10.0.02.2")]
        [InlineData("gateway", "10.0.2.2.")]
        [InlineData("gateway", "10..2.2")]
        [InlineData("gateway", " 10.0.2.2")]
        [InlineData("dns", "")]
        [InlineData("dns", "dns.google")]
        [InlineData("dns", "1234.0.0.1")]
        [InlineData("dns", "::1")]
        public void MalformedAddressesAreRejectedNamingTheKey(string key, string value)
        {
            byte[] manifest = Bytes($"program=/p\0{key}={value}\0");
            Assert.Equal(ManifestError.BadAddress, ManifestReader.Validate(manifest, out ManifestInfo info));
            Assert.Equal(key, Encoding.ASCII.GetString(info.ErrorKey));
            Assert.Equal(ManifestError.BadAddress, ManifestNetwork.Read(manifest, out _));
            Assert.Equal(ManifestError.BadAddress, new ManifestWriter(new byte[64]).Add(ManifestKeys.Parse(Encoding.ASCII.GetBytes(key)), Encoding.ASCII.GetBytes(value)));
        }

        [Theory]
        [InlineData("2")]
        [InlineData("yes")]
        [InlineData("")]
        public void DhcpIsAFlag(string value)
        {
            Assert.Equal(ManifestError.BadFlag, ManifestNetwork.Read(Bytes($"program=/p\0dhcp={value}\0"), out _));
        }

        [Theory]
        [InlineData("0.0.0.0", 0u)]
        [InlineData("255.255.255.255", 0xFFFFFFFFu)]
        [InlineData("127.0.0.1", 0x7F000001u)]
        [InlineData("8.8.4.4", 0x08080404u)]
        public void DottedQuadsParseInHostOrder(string text, uint expected)
        {
            Assert.True(Ipv4Text.TryParse(Encoding.ASCII.GetBytes(text), out uint address));
            Assert.Equal(expected, address);
        }

        [Theory]
        [InlineData(1, 0x80000000u)]
        [InlineData(8, 0xFF000000u)]
        [InlineData(31, 0xFFFFFFFEu)]
        [InlineData(32, 0xFFFFFFFFu)]
        [InlineData(0, 0u)]
        public void NetmaskOfAPrefix(int prefix, uint mask)
        {
            Assert.Equal(mask, Ipv4Text.Netmask(prefix));
        }

        [Fact]
        public void KeysHaveTheirSpelling()
        {
            Assert.Equal(ManifestKey.Ip, ManifestKeys.Parse("ip"u8));
            Assert.Equal(ManifestKey.Gateway, ManifestKeys.Parse("gateway"u8));
            Assert.Equal(ManifestKey.Dns, ManifestKeys.Parse("dns"u8));
            Assert.Equal(ManifestKey.Dhcp, ManifestKeys.Parse("dhcp"u8));
        }

        private static byte[] Write(params (ManifestKey Key, string Value)[] records)
        {
            byte[] buffer = new byte[1024];
            ManifestWriter writer = new ManifestWriter(buffer);
            foreach ((ManifestKey key, string value) in records)
            {
                Assert.Equal(ManifestError.None, writer.Add(key, Encoding.UTF8.GetBytes(value)));
            }

            return buffer[..writer.Length];
        }

        private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
    }
}
