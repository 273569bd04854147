// NETLINK_ROUTE records as getifaddrs parses them: RTM_NEWLINK for lo and an Ethernet interface (ifinfomsg fields,
// aligned attributes with the name, MAC, MTU), RTM_NEWADDR (prefix, scope, address, broadcast, label), NLMSG_DONE,
// NLMSG_ERROR echoing the request header, and requests' headers read back; a destination too small writes nothing.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using Kiln.Net.Netlink;
using Kiln.Net.Stack;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Addresses
{
    public sealed class RouteNetlinkTests
    {
        private sealed class FakeLink : NetLink
        {
            public override ulong MacAddress => 0x525400123456;

            public override int Mtu => 1500;

            public override bool Transmit(ReadOnlySpan<byte> frame) => true;
        }

        private static NetInterface Loopback() => new NetInterface { Index = 1, Name = "lo", Ipv4Address = 0x7F000001, Ipv4PrefixLength = 8 };

        private static NetInterface Ethernet() => new NetInterface { Index = 2, Name = "eth0", Link = new FakeLink(), Ipv4Address = 0x0A00020F, Ipv4PrefixLength = 24 };

        [Fact]
        public void LinkRecordDescribesLoopback()
        {
            byte[] buffer = new byte[512];
            int length = RouteNetlink.WriteLink(buffer, 7, 99, Loopback());
            Assert.True(length > 32);
            Assert.Equal(length, (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer));
            Assert.Equal(RouteNetlink.RTM_NEWLINK, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(4)));
            Assert.Equal(RouteNetlink.NLM_F_MULTI, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(6)));
            Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(8)));
            Assert.Equal(99u, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(12)));
            Assert.Equal(RouteNetlink.ARPHRD_LOOPBACK, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(18)));
            Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(20)));
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(24));
            Assert.Equal(RouteNetlink.IFF_UP | RouteNetlink.IFF_LOOPBACK | RouteNetlink.IFF_RUNNING | RouteNetlink.IFF_LOWER_UP, flags);

            Dictionary<ushort, byte[]> attributes = Attributes(buffer.AsSpan(32, length - 32));
            Assert.Equal("lo\0", Encoding.ASCII.GetString(attributes[RouteNetlink.IFLA_IFNAME]));
            Assert.Equal(65536u, BinaryPrimitives.ReadUInt32LittleEndian(attributes[RouteNetlink.IFLA_MTU]));
            Assert.Equal(new byte[6], attributes[RouteNetlink.IFLA_ADDRESS]);
        }

        [Fact]
        public void LinkRecordDescribesEthernet()
        {
            byte[] buffer = new byte[512];
            int length = RouteNetlink.WriteLink(buffer, 1, 1, Ethernet());
            Assert.Equal(RouteNetlink.ARPHRD_ETHER, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(18)));
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(24));
            Assert.True((flags & RouteNetlink.IFF_BROADCAST) != 0);
            Assert.True((flags & RouteNetlink.IFF_LOOPBACK) == 0);
            Dictionary<ushort, byte[]> attributes = Attributes(buffer.AsSpan(32, length - 32));
            Assert.Equal(new byte[] { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }, attributes[RouteNetlink.IFLA_ADDRESS]);
            Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, attributes[RouteNetlink.IFLA_BROADCAST]);
            Assert.Equal("eth0\0", Encoding.ASCII.GetString(attributes[RouteNetlink.IFLA_IFNAME]));
            Assert.Equal(1500u, BinaryPrimitives.ReadUInt32LittleEndian(attributes[RouteNetlink.IFLA_MTU]));
        }

        [Fact]
        public void AddressRecordCarriesPrefixScopeAndAddresses()
        {
            byte[] buffer = new byte[512];
            int length = RouteNetlink.WriteAddress(buffer, 3, 4, Ethernet());
            Assert.Equal(RouteNetlink.RTM_NEWADDR, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(4)));
            Assert.Equal(2, buffer[16]);
            Assert.Equal(24, buffer[17]);
            Assert.Equal(0, buffer[19]);
            Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(20)));
            Dictionary<ushort, byte[]> attributes = Attributes(buffer.AsSpan(24, length - 24));
            Assert.Equal(new byte[] { 10, 0, 2, 15 }, attributes[RouteNetlink.IFA_ADDRESS]);
            Assert.Equal(new byte[] { 10, 0, 2, 15 }, attributes[RouteNetlink.IFA_LOCAL]);
            Assert.Equal(new byte[] { 10, 0, 2, 255 }, attributes[RouteNetlink.IFA_BROADCAST]);
            Assert.Equal("eth0\0", Encoding.ASCII.GetString(attributes[RouteNetlink.IFA_LABEL]));

            length = RouteNetlink.WriteAddress(buffer, 3, 4, Loopback());
            Assert.Equal(254, buffer[19]);
            Assert.False(Attributes(buffer.AsSpan(24, length - 24)).ContainsKey(RouteNetlink.IFA_BROADCAST));
        }

        [Fact]
        public void AnInterfaceWithoutAnAddressHasNoAddressRecord()
        {
            NetInterface bare = Ethernet();
            bare.Ipv4Address = 0;
            Assert.False(RouteNetlink.HasAddress(bare));
            Assert.Equal(0, RouteNetlink.WriteAddress(new byte[512], 1, 1, bare));
        }

        [Fact]
        public void DoneAndErrorMessages()
        {
            byte[] buffer = new byte[64];
            Assert.Equal(20, RouteNetlink.WriteDone(buffer, 5, 6));
            Assert.Equal(RouteNetlink.NLMSG_DONE, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(4)));

            byte[] request = new byte[20];
            BinaryPrimitives.WriteUInt32LittleEndian(request, 20);
            BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(4), 200);
            BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(6), RouteNetlink.NLM_F_REQUEST);
            BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(8), 43);
            Assert.Equal(36, RouteNetlink.WriteError(buffer, -95, request, 6));
            Assert.Equal(RouteNetlink.NLMSG_ERROR, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(4)));
            Assert.Equal(43u, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(8)));
            Assert.Equal(-95, BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(16)));
            Assert.Equal(request.AsSpan(0, 16).ToArray(), buffer.AsSpan(20, 16).ToArray());
        }

        [Fact]
        public void RequestHeadersAreReadAndBadLengthsRefused()
        {
            byte[] request = new byte[20];
            BinaryPrimitives.WriteUInt32LittleEndian(request, 20);
            BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(4), RouteNetlink.RTM_GETLINK);
            BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(6), RouteNetlink.NLM_F_REQUEST | RouteNetlink.NLM_F_DUMP);
            Assert.True(RouteNetlink.TryReadHeader(request, out int length, out ushort type, out ushort flags, out _, out _));
            Assert.Equal(20, length);
            Assert.Equal(RouteNetlink.RTM_GETLINK, type);
            Assert.Equal(RouteNetlink.NLM_F_REQUEST | RouteNetlink.NLM_F_DUMP, flags);

            BinaryPrimitives.WriteUInt32LittleEndian(request, 21);
            Assert.False(RouteNetlink.TryReadHeader(request, out _, out _, out _, out _, out _));
            BinaryPrimitives.WriteUInt32LittleEndian(request, 8);
            Assert.False(RouteNetlink.TryReadHeader(request, out _, out _, out _, out _, out _));
            Assert.False(RouteNetlink.TryReadHeader(request.AsSpan(0, 15), out _, out _, out _, out _, out _));
        }

        [Fact]
        public void TooSmallADestinationWritesNothing()
        {
            Assert.Equal(0, RouteNetlink.WriteLink(new byte[40], 1, 1, Ethernet()));
            Assert.Equal(0, RouteNetlink.WriteAddress(new byte[30], 1, 1, Ethernet()));
            Assert.Equal(0, RouteNetlink.WriteDone(new byte[19], 1, 1));
        }

        [Fact]
        public void PrefixMasks()
        {
            Assert.Equal(0u, RouteNetlink.PrefixMask(0));
            Assert.Equal(0xFF000000u, RouteNetlink.PrefixMask(8));
            Assert.Equal(0xFFFFFF00u, RouteNetlink.PrefixMask(24));
            Assert.Equal(0xFFFFFFFFu, RouteNetlink.PrefixMask(32));
        }

        // Walks rtattrs (length, type, payload, padded to 4 bytes) as RTA_OK/RTA_NEXT do, checking the alignment.
        private static Dictionary<ushort, byte[]> Attributes(ReadOnlySpan<byte> data)
        {
            var found = new Dictionary<ushort, byte[]>();
            int at = 0;
            while (at + 4 <= data.Length)
            {
                ushort length = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(at));
                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(at + 2));
                Assert.True(length >= 4 && at + length <= data.Length);
                found[type] = data.Slice(at + 4, length - 4).ToArray();
                at += RouteNetlink.Align(length);
            }

            Assert.Equal(data.Length, at);
            return found;
        }
    }
}
