// socket(2) and socketpair(2)'s choice of socket kind from (domain, type, protocol), with Linux's errnos for the
// combinations Kiln does not have: EAFNOSUPPORT for a family, ESOCKTNOSUPPORT or EPROTONOSUPPORT for a type or
// protocol within one.
using Kiln.Kernel.Net;
using Kiln.Linux;
using Kiln.Net.Addresses;

namespace Kiln.Kernel.Sockets
{
    internal static class SocketFactory
    {
        /// <summary>A new socket with one reference (statusFlags: O_NONBLOCK or 0), or -errno.</summary>
        public static long Create(int domain, int type, int protocol, int statusFlags, out SocketFile socket)
        {
            socket = null;
            switch (domain)
            {
                case AddressFamily.AF_UNIX:
                    if (type != SocketAbi.SOCK_STREAM && type != SocketAbi.SOCK_DGRAM && type != SocketAbi.SOCK_SEQPACKET)
                    {
                        return -Errno.ESOCKTNOSUPPORT;
                    }

                    if (protocol != 0 && protocol != AddressFamily.AF_UNIX)
                    {
                        return -Errno.EPROTONOSUPPORT;
                    }

                    socket = UnixSocket.Create(type, statusFlags);
                    return 0;
                case AddressFamily.AF_INET:
                case AddressFamily.AF_INET6:
                    NetworkService.StartThread();
                    if (type == SocketAbi.SOCK_STREAM && (protocol == 0 || protocol == SocketAbi.IPPROTO_TCP))
                    {
                        socket = InetStreamSocket.Create(domain, statusFlags);
                    }
                    else if (type == SocketAbi.SOCK_DGRAM && (protocol == 0 || protocol == SocketAbi.IPPROTO_UDP))
                    {
                        socket = InetDatagramSocket.Create(domain, statusFlags);
                    }
                    else if (type == SocketAbi.SOCK_STREAM || type == SocketAbi.SOCK_DGRAM || type == SocketAbi.SOCK_RAW)
                    {
                        // Raw and ICMP sockets, SCTP, UDP-Lite: not in this stack.
                        return -Errno.EPROTONOSUPPORT;
                    }
                    else
                    {
                        return -Errno.ESOCKTNOSUPPORT;
                    }

                    return socket == null ? -Errno.ENOBUFS : 0;
                case AddressFamily.AF_NETLINK:
                    if (type != SocketAbi.SOCK_DGRAM && type != SocketAbi.SOCK_RAW)
                    {
                        return -Errno.ESOCKTNOSUPPORT;
                    }

                    if (protocol != NetlinkRouteSocket.NETLINK_ROUTE)
                    {
                        return -Errno.EPROTONOSUPPORT;
                    }

                    socket = NetlinkRouteSocket.Create(type, statusFlags);
                    return 0;
                default:
                    return -Errno.EAFNOSUPPORT;
            }
        }
    }
}
