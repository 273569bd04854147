// Routing: local addresses and 127/8 go to loopback, the limited broadcast and on-link subnets go out directly, the
// rest to the default gateway; no route is -ENETUNREACH. Sources are the interface's address unless the socket is
// bound to one of ours.
#nullable enable
using Kiln.Linux;

namespace Kiln.Net.Stack
{
    public sealed partial class NetStack
    {
        internal const uint LimitedBroadcast = 0xFFFF_FFFF;

        /// <summary>Finds the route to <paramref name="destination"/>; <paramref name="boundSource"/> (0: none) is
        /// the socket's bound local address, which becomes the source.</summary>
        internal long FindRoute(uint destination, uint boundSource, out Ipv4Route route)
        {
            route = default;
            if (IsLocalAddress(destination))
            {
                route.Interface = _interfaces[0];
                route.NextHop = destination;
                route.Source = boundSource != 0 ? boundSource : (destination >> 24) == 127 ? LoopbackAddress : destination;
                return 0;
            }

            if ((destination >> 28) == 0xE || destination == 0)
            {
                // Multicast needs group membership, which the stack does not have yet.
                return -Errno.ENETUNREACH;
            }

            for (int i = 1; i < _interfaceCount; i++)
            {
                NetInterface candidate = _interfaces[i];
                if (destination == LimitedBroadcast || (candidate.Ipv4Address != 0 && destination == candidate.Ipv4Broadcast))
                {
                    route.Interface = candidate;
                    route.NextHop = destination;
                    route.LinkBroadcast = true;
                    route.Source = boundSource != 0 ? boundSource : candidate.Ipv4Address;
                    return 0;
                }

                if (candidate.IsOnLink(destination))
                {
                    route.Interface = candidate;
                    route.NextHop = destination;
                    route.Source = boundSource != 0 ? boundSource : candidate.Ipv4Address;
                    return 0;
                }
            }

            if (Gateway != 0)
            {
                for (int i = 1; i < _interfaceCount; i++)
                {
                    NetInterface candidate = _interfaces[i];
                    if (candidate.IsOnLink(Gateway))
                    {
                        route.Interface = candidate;
                        route.NextHop = Gateway;
                        route.Source = boundSource != 0 ? boundSource : candidate.Ipv4Address;
                        return 0;
                    }
                }
            }

            return -Errno.ENETUNREACH;
        }

        /// <summary>True when a packet to <paramref name="destination"/> would be a broadcast (limited or the
        /// directed broadcast of one of our subnets).</summary>
        internal bool IsBroadcastAddress(uint destination)
        {
            if (destination == LimitedBroadcast)
            {
                return true;
            }

            for (int i = 1; i < _interfaceCount; i++)
            {
                if (_interfaces[i].Ipv4Address != 0 && destination == _interfaces[i].Ipv4Broadcast)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
