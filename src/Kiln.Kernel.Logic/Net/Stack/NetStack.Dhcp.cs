// The stack's side of the DHCP client: starting it on an interface, running its timers, sending its messages
// (broadcast from 0.0.0.0 before a lease, unicast to the server when renewing) and applying or dropping a lease.
#nullable enable
using System;
using Kiln.Net.Dhcp;

namespace Kiln.Net.Stack
{
    public sealed partial class NetStack
    {
        internal const int DhcpServerPort = 67;

        /// <summary>Starts DHCP on an Ethernet interface (DISCOVER goes out now); the lease is applied with
        /// SetAddress and Gateway when it comes.</summary>
        public DhcpClient? StartDhcp(NetInterface networkInterface)
        {
            if (networkInterface.IsLoopback)
            {
                return null;
            }

            if (networkInterface.Dhcp == null)
            {
                networkInterface.Dhcp = new DhcpClient(this, networkInterface);
            }

            Enter();
            networkInterface.Dhcp.Start(_environment.NowNanoseconds);
            Leave();
            return networkInterface.Dhcp;
        }

        /// <summary>True when every interface that runs DHCP holds a lease.</summary>
        public bool IsDhcpBound(NetInterface networkInterface) => networkInterface.Dhcp != null && networkInterface.Dhcp.IsBound;

        private void RunDhcpTimers(long now)
        {
            for (int i = 1; i < _interfaceCount; i++)
            {
                DhcpClient? client = _interfaces[i].Dhcp;
                if (client != null && client.NextDeadline <= now)
                {
                    client.OnTimer(now);
                }
            }
        }

        private long DhcpNextDeadline()
        {
            long deadline = long.MaxValue;
            for (int i = 1; i < _interfaceCount; i++)
            {
                DhcpClient? client = _interfaces[i].Dhcp;
                if (client != null)
                {
                    deadline = Math.Min(deadline, client.NextDeadline);
                }
            }

            return deadline;
        }

        /// <summary>Sends a DHCP message from port 68 to the server's port 67: broadcast (from 0.0.0.0 when the
        /// interface has no address) when <paramref name="server"/> is 0, else unicast through the normal route.</summary>
        internal void SendDhcp(NetInterface networkInterface, ReadOnlySpan<byte> message, uint server)
        {
            Ipv4Route route;
            uint destination = server;
            if (server == 0)
            {
                route = default;
                route.Interface = networkInterface;
                route.Source = networkInterface.Ipv4Address;
                route.NextHop = LimitedBroadcast;
                route.LinkBroadcast = true;
                destination = LimitedBroadcast;
            }
            else if (FindRoute(server, networkInterface.Ipv4Address, out route) != 0)
            {
                return;
            }

            if (UdpDatagram.Build(TransportScratch, DhcpClientPort, DhcpServerPort, message, route.Source, destination, out int written) == UdpError.None)
            {
                SendIpv4(route, destination, IpProtocol.Udp, written, false);
            }
        }

        /// <summary>Applies a lease: the address and prefix, the gateway (0 keeps none).</summary>
        internal void ApplyLease(NetInterface networkInterface, uint address, int prefixLength, uint gateway)
        {
            bool changed = networkInterface.Ipv4Address != address || networkInterface.Ipv4PrefixLength != prefixLength;
            if (changed)
            {
                SetAddress(networkInterface, address, prefixLength);
            }

            Gateway = gateway;
        }

        /// <summary>The lease ended (expired, or NAK): the interface loses its address and the default route.</summary>
        internal void DropLease(NetInterface networkInterface)
        {
            networkInterface.Ipv4Address = 0;
            networkInterface.Ipv4PrefixLength = 0;
            Gateway = 0;
        }
    }
}
