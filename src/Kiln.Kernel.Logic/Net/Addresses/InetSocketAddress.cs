// struct sockaddr_in (16 bytes) and struct sockaddr_in6 (28 bytes; 24 accepted, as Linux accepts RFC 2133's size)
// to and from an IPv4 endpoint. Ports and IPv4 addresses are big-endian on the wire and host order in Ipv4Endpoint.
// An AF_INET6 socket of this IPv4-only stack maps ::ffff:a.b.c.d to a.b.c.d and reports IPv4 endpoints the same way
// (ip(7), ipv6(7)).
#nullable enable
using System;
using System.Buffers.Binary;
using Kiln.Linux;

namespace Kiln.Net.Addresses
{
    public static class InetSocketAddress
    {
        public const int Inet4Size = 16;
        public const int Inet6Size = 28;

        /// <summary>The shortest sockaddr_in6 Linux takes (SIN6_LEN_RFC2133: without sin6_scope_id).</summary>
        public const int Inet6MinimumSize = 24;

        /// <summary>Reads a sockaddr_in: 0, or -EINVAL when shorter than 16 bytes (the family is checked by the caller).</summary>
        public static long DecodeInet4(ReadOnlySpan<byte> address, out Ipv4Endpoint endpoint)
        {
            endpoint = default;
            if (address.Length < Inet4Size)
            {
                return -Errno.EINVAL;
            }

            endpoint = new Ipv4Endpoint(BigEndian.ReadUInt32(address.Slice(4)), BigEndian.ReadUInt16(address.Slice(2)));
            return 0;
        }

        /// <summary>
        /// Reads a sockaddr_in6: 0 with what kind of address it is and, for :: and mapped addresses, the IPv4
        /// endpoint (address 0 for ::, 127.0.0.1 for ::1); -EINVAL when shorter than 24 bytes.
        /// </summary>
        public static long DecodeInet6(ReadOnlySpan<byte> address, out Ipv4Endpoint endpoint, out InetAddressKind kind)
        {
            endpoint = default;
            kind = InetAddressKind.Other;
            if (address.Length < Inet6MinimumSize)
            {
                return -Errno.EINVAL;
            }

            ushort port = BigEndian.ReadUInt16(address.Slice(2));
            ReadOnlySpan<byte> ip = address.Slice(8, 16);
            bool firstTenZero = true;
            for (int i = 0; i < 10; i++)
            {
                firstTenZero &= ip[i] == 0;
            }

            uint last = BigEndian.ReadUInt32(ip.Slice(12));
            if (firstTenZero && ip[10] == 0xFF && ip[11] == 0xFF)
            {
                kind = InetAddressKind.Mapped;
                endpoint = new Ipv4Endpoint(last, port);
            }
            else if (firstTenZero && ip[10] == 0 && ip[11] == 0 && last == 0)
            {
                kind = InetAddressKind.Any;
                endpoint = new Ipv4Endpoint(0, port);
            }
            else if (firstTenZero && ip[10] == 0 && ip[11] == 0 && last == 1)
            {
                kind = InetAddressKind.Loopback;
                endpoint = new Ipv4Endpoint(0x7F000001, port);
            }
            else
            {
                endpoint = new Ipv4Endpoint(0, port);
            }

            return 0;
        }

        /// <summary>Writes a sockaddr_in (16 bytes, zero padding): its size.</summary>
        public static int EncodeInet4(Span<byte> destination, Ipv4Endpoint endpoint)
        {
            destination.Slice(0, Inet4Size).Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(destination, AddressFamily.AF_INET);
            BigEndian.WriteUInt16(destination.Slice(2), endpoint.Port);
            BigEndian.WriteUInt32(destination.Slice(4), endpoint.Address);
            return Inet4Size;
        }

        /// <summary>
        /// Writes a sockaddr_in6 (28 bytes) for an IPv4 endpoint of an AF_INET6 socket: 0.0.0.0 as :: (an unbound or
        /// wildcard socket), anything else as ::ffff:a.b.c.d. Its size.
        /// </summary>
        public static int EncodeInet6(Span<byte> destination, Ipv4Endpoint endpoint)
        {
            destination.Slice(0, Inet6Size).Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(destination, AddressFamily.AF_INET6);
            BigEndian.WriteUInt16(destination.Slice(2), endpoint.Port);
            if (endpoint.Address != 0)
            {
                destination[18] = 0xFF;
                destination[19] = 0xFF;
                BigEndian.WriteUInt32(destination.Slice(20), endpoint.Address);
            }

            return Inet6Size;
        }
    }
}
