// sockaddr_in, sockaddr_in6 (IPv4-mapped, ::, ::1, real IPv6), sockaddr_un (paths, abstract names, unnamed, length
// rules) and sockaddr_nl, against byte layouts written out by hand from the Linux headers.
using System;
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Addresses;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Addresses
{
    public sealed class SocketAddressTests
    {
        [Fact]
        public void Inet4EncodesFamilyPortAndAddressInNetworkOrder()
        {
            byte[] buffer = new byte[32];
            Assert.Equal(16, InetSocketAddress.EncodeInet4(buffer, new Ipv4Endpoint(0x7F000001, 8080)));
            Assert.Equal(new byte[] { 2, 0, 0x1F, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, buffer.AsSpan(0, 16).ToArray());
        }

        [Fact]
        public void Inet4DecodesAndRefusesShortAddresses()
        {
            byte[] raw = { 2, 0, 0x00, 0x50, 10, 0, 2, 15, 0, 0, 0, 0, 0, 0, 0, 0 };
            Assert.Equal(0, InetSocketAddress.DecodeInet4(raw, out Ipv4Endpoint endpoint));
            Assert.Equal(0x0A00020Fu, endpoint.Address);
            Assert.Equal(80, endpoint.Port);
            Assert.Equal(-Errno.EINVAL, InetSocketAddress.DecodeInet4(raw.AsSpan(0, 15), out _));
        }

        [Fact]
        public void Inet6MappedAddressesCarryTheirIpv4Address()
        {
            byte[] raw = Inet6(0x1234, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 127, 0, 0, 1 });
            Assert.Equal(0, InetSocketAddress.DecodeInet6(raw, out Ipv4Endpoint endpoint, out InetAddressKind kind));
            Assert.Equal(InetAddressKind.Mapped, kind);
            Assert.Equal(0x7F000001u, endpoint.Address);
            Assert.Equal(0x1234, endpoint.Port);
        }

        [Fact]
        public void Inet6KnowsAnyLoopbackAndOtherAddresses()
        {
            InetSocketAddress.DecodeInet6(Inet6(1, new byte[16]), out Ipv4Endpoint any, out InetAddressKind anyKind);
            Assert.Equal(InetAddressKind.Any, anyKind);
            Assert.Equal(0u, any.Address);

            byte[] loopback = new byte[16];
            loopback[15] = 1;
            InetSocketAddress.DecodeInet6(Inet6(1, loopback), out _, out InetAddressKind loopbackKind);
            Assert.Equal(InetAddressKind.Loopback, loopbackKind);

            byte[] documentation = { 0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
            InetSocketAddress.DecodeInet6(Inet6(1, documentation), out _, out InetAddressKind otherKind);
            Assert.Equal(InetAddressKind.Other, otherKind);

            // ::ffff:0:0/96 needs the ffff; ::a.b.c.d (IPv4-compatible, deprecated) is just another IPv6 address.
            byte[] compatible = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1 };
            InetSocketAddress.DecodeInet6(Inet6(1, compatible), out _, out InetAddressKind compatibleKind);
            Assert.Equal(InetAddressKind.Other, compatibleKind);
        }

        [Fact]
        public void Inet6AcceptsTheRfc2133LengthAndRefusesShorter()
        {
            byte[] raw = Inet6(1, new byte[16]);
            Assert.Equal(0, InetSocketAddress.DecodeInet6(raw.AsSpan(0, 24), out _, out _));
            Assert.Equal(-Errno.EINVAL, InetSocketAddress.DecodeInet6(raw.AsSpan(0, 23), out _, out _));
        }

        [Fact]
        public void Inet6EncodesIpv4EndpointsAsMappedAndTheWildcardAsAny()
        {
            byte[] buffer = new byte[28];
            Assert.Equal(28, InetSocketAddress.EncodeInet6(buffer, new Ipv4Endpoint(0xC0A80001, 443)));
            Assert.Equal(Inet6(443, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 168, 0, 1 }), buffer);

            InetSocketAddress.EncodeInet6(buffer, new Ipv4Endpoint(0, 443));
            Assert.Equal(Inet6(443, new byte[16]), buffer);
        }

        [Fact]
        public void UnixPathEndsAtItsFirstNul()
        {
            byte[] raw = Unix("/tmp/a.sock\0garbage");
            Assert.Equal(0, UnixSocketAddress.Decode(raw, out int length, out bool isAbstract));
            Assert.False(isAbstract);
            Assert.Equal(11, length);
        }

        [Fact]
        public void UnixAbstractNamesCountEveryByteGiven()
        {
            byte[] raw = Unix("\0name\0x");
            Assert.Equal(0, UnixSocketAddress.Decode(raw, out int length, out bool isAbstract));
            Assert.True(isAbstract);
            Assert.Equal(7, length);
        }

        [Fact]
        public void UnixFamilyAloneIsUnnamedAndBadLengthsAreRefused()
        {
            Assert.Equal(0, UnixSocketAddress.Decode(Unix(""), out int length, out _));
            Assert.Equal(0, length);
            Assert.Equal(-Errno.EINVAL, UnixSocketAddress.Decode(new byte[] { 1 }, out _, out _));
            Assert.Equal(-Errno.EINVAL, UnixSocketAddress.Decode(new byte[111], out _, out _));
            byte[] wrongFamily = Unix("/x");
            wrongFamily[0] = 2;
            Assert.Equal(-Errno.EINVAL, UnixSocketAddress.Decode(wrongFamily, out _, out _));
        }

        [Fact]
        public void UnixNamesEncodeAsGetsocknameReportsThem()
        {
            byte[] buffer = new byte[UnixSocketAddress.Size];
            Assert.Equal(2, UnixSocketAddress.Encode(buffer, ReadOnlySpan<byte>.Empty, false));
            Assert.Equal(2 + 6 + 1, UnixSocketAddress.Encode(buffer, "/a/b.s"u8, false));
            Assert.Equal(Unix("/a/b.s\0"), buffer.AsSpan(0, 9).ToArray());
            Assert.Equal(2 + 4, UnixSocketAddress.Encode(buffer, "\0abc"u8, true));

            // A path filling all 108 bytes has no room for its NUL: the length is the whole structure.
            byte[] full = new byte[UnixSocketAddress.PathCapacity];
            full.AsSpan().Fill((byte)'p');
            Assert.Equal(UnixSocketAddress.Size, UnixSocketAddress.Encode(buffer, full, false));
        }

        [Fact]
        public void NetlinkAddressRoundTrips()
        {
            byte[] buffer = new byte[12];
            Assert.Equal(12, NetlinkSocketAddress.Encode(buffer, 0x01020304, 5));
            Assert.Equal(new byte[] { 16, 0, 0, 0, 4, 3, 2, 1, 5, 0, 0, 0 }, buffer);
            Assert.Equal(0, NetlinkSocketAddress.Decode(buffer, out uint port, out uint groups));
            Assert.Equal(0x01020304u, port);
            Assert.Equal(5u, groups);
            Assert.Equal(-Errno.EINVAL, NetlinkSocketAddress.Decode(buffer.AsSpan(0, 11), out _, out _));
        }

        [Fact]
        public void FamilyOfReadsTheFirstTwoBytes()
        {
            Assert.Equal(AddressFamily.AF_INET6, AddressFamily.Of(new byte[] { 10, 0, 9 }));
            Assert.Equal(-1, AddressFamily.Of(new byte[] { 10 }));
        }

        private static byte[] Inet6(ushort port, byte[] address)
        {
            byte[] raw = new byte[28];
            raw[0] = 10;
            raw[2] = (byte)(port >> 8);
            raw[3] = (byte)port;
            address.CopyTo(raw, 8);
            return raw;
        }

        private static byte[] Unix(string path)
        {
            byte[] raw = new byte[2 + path.Length];
            raw[0] = 1;
            for (int i = 0; i < path.Length; i++)
            {
                raw[2 + i] = (byte)path[i];
            }

            return raw;
        }
    }
}
