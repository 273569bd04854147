// What AF_INET and AF_INET6 sockets share over the IPv4-only stack: reading socket addresses of the socket's family
// (an AF_INET6 socket takes :: and ::ffff:a.b.c.d, honours IPV6_V6ONLY, and refuses real IPv6 addresses with the errno
// Linux gives without IPv6 addresses or routes), reporting endpoints in that family, and the IPPROTO_IP and
// IPPROTO_IPV6 options.
using System;
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Addresses;

namespace Kiln.Kernel.Sockets
{
    internal abstract unsafe class InetSocket : SocketFile
    {
        private const int IP_TOS = 1;
        private const int IP_TTL = 2;
        private const int IPV6_UNICAST_HOPS = 16;
        private const int IPV6_TCLASS = 67;

        /// <summary>IPV6_V6ONLY (net.ipv6.bindv6only is 0: off by default).</summary>
        protected bool V6Only;

        private int _typeOfService;
        private int _timeToLive;

        protected bool IsInet6 => Domain == AddressFamily.AF_INET6;

        /// <summary>Whether bind or connect fixed the local port already (V6ONLY can no longer change).</summary>
        protected abstract bool HasLocalPort { get; }

        protected void ResetInet()
        {
            V6Only = false;
            _typeOfService = 0;
            _timeToLive = 64;
        }

        /// <summary>
        /// Reads a destination or local address given to bind (<paramref name="forBind"/>) or connect/sendto: 0 and the
        /// IPv4 endpoint, or -errno.
        /// </summary>
        protected long DecodeAddress(byte* address, int length, bool forBind, out Ipv4Endpoint endpoint)
        {
            endpoint = default;
            ReadOnlySpan<byte> raw = new ReadOnlySpan<byte>(address, length);
            int family = AddressFamily.Of(raw);
            if (!IsInet6)
            {
                if (length < InetSocketAddress.Inet4Size)
                {
                    return -Errno.EINVAL;
                }

                // inet_bind accepts AF_UNSPEC with INADDR_ANY for old programs; anything else must be AF_INET.
                if (family != AddressFamily.AF_INET)
                {
                    InetSocketAddress.DecodeInet4(raw, out Ipv4Endpoint any);
                    if (!(forBind && family == AddressFamily.AF_UNSPEC && any.Address == 0))
                    {
                        return -Errno.EAFNOSUPPORT;
                    }
                }

                return InetSocketAddress.DecodeInet4(raw, out endpoint);
            }

            if (length < InetSocketAddress.Inet6MinimumSize)
            {
                return -Errno.EINVAL;
            }

            if (family != AddressFamily.AF_INET6)
            {
                return -Errno.EAFNOSUPPORT;
            }

            InetSocketAddress.DecodeInet6(raw, out endpoint, out InetAddressKind kind);
            switch (kind)
            {
                case InetAddressKind.Any:
                    // An IPv6-only wildcard would take no IPv4 traffic, and this stack has no IPv6.
                    return V6Only && forBind ? -Errno.EADDRNOTAVAIL : 0;
                case InetAddressKind.Mapped:
                    if (V6Only)
                    {
                        return forBind ? -Errno.EINVAL : -Errno.ENETUNREACH;
                    }

                    return 0;
                default:
                    // ::1 and every other IPv6 address: no interface has one and no route leads there.
                    return forBind ? -Errno.EADDRNOTAVAIL : -Errno.ENETUNREACH;
            }
        }

        /// <summary>
        /// Passes a stack call's result through after telling the network thread that the call may have armed an
        /// earlier timer (a SYN or data retransmission, a delayed ACK) than the one it sleeps for.
        /// </summary>
        protected static long Stacked(long result)
        {
            Kiln.Kernel.Net.NetworkService.TimersChanged();
            return result;
        }

        /// <summary>Writes <paramref name="endpoint"/> as a sockaddr of the socket's family: its length.</summary>
        protected int EncodeAddress(byte* buffer, Ipv4Endpoint endpoint)
        {
            Span<byte> destination = new Span<byte>(buffer, SocketAbi.AddressCapacity);
            return IsInet6 ? InetSocketAddress.EncodeInet6(destination, endpoint) : InetSocketAddress.EncodeInet4(destination, endpoint);
        }

        protected override long SetProtocolOption(int level, int name, byte* value, int length)
        {
            if (level == SocketAbi.IPPROTO_IPV6 && IsInet6)
            {
                if (length < 4)
                {
                    return -Errno.EINVAL;
                }

                if (name == SocketAbi.IPV6_V6ONLY)
                {
                    if (HasLocalPort)
                    {
                        return -Errno.EINVAL;
                    }

                    V6Only = *(int*)value != 0;
                    return 0;
                }

                if (name == IPV6_UNICAST_HOPS || name == IPV6_TCLASS)
                {
                    // Stored nowhere visible: IPv6 packets are never sent.
                    SocketOptionStatistics.Unmodelled++;
                    return 0;
                }
            }
            else if (level == SocketAbi.IPPROTO_IP)
            {
                if (length < 1)
                {
                    return -Errno.EINVAL;
                }

                int number = length >= 4 ? *(int*)value : *value;
                if (name == IP_TOS)
                {
                    _typeOfService = number & 0xFF;
                    SocketOptionStatistics.Unmodelled++;
                    return 0;
                }

                if (name == IP_TTL)
                {
                    if (number < -1 || number == 0 || number > 255)
                    {
                        return -Errno.EINVAL;
                    }

                    _timeToLive = number == -1 ? 64 : number;
                    SocketOptionStatistics.Unmodelled++;
                    return 0;
                }
            }

            SocketOptionStatistics.Unknown++;
            return -Errno.ENOPROTOOPT;
        }

        protected override long GetProtocolOption(int level, int name, byte* value, ref int length)
        {
            int number;
            if (level == SocketAbi.IPPROTO_IPV6 && IsInet6 && name == SocketAbi.IPV6_V6ONLY)
            {
                number = V6Only ? 1 : 0;
            }
            else if (level == SocketAbi.IPPROTO_IP && name == IP_TOS)
            {
                number = _typeOfService;
            }
            else if (level == SocketAbi.IPPROTO_IP && name == IP_TTL)
            {
                number = _timeToLive;
            }
            else
            {
                SocketOptionStatistics.Unknown++;

                // ip_getsockopt: a level other than IPv4's own (IPv6's on an AF_INET socket, TCP's on UDP) is EOPNOTSUPP.
                bool ownLevel = level == SocketAbi.IPPROTO_IP || (level == SocketAbi.IPPROTO_IPV6 && IsInet6);
                return ownLevel ? -Errno.ENOPROTOOPT : -Errno.EOPNOTSUPP;
            }

            return Answer(value, ref length, &number, 4);
        }
    }
}
