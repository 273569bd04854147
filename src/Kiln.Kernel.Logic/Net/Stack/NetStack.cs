// The IPv4 network stack: interfaces, ARP, IPv4 in and out (with fragment reassembly), ICMP, UDP and TCP demux,
// listeners, loopback, timers. Pure logic: the kernel feeds it frames and time and calls it from socket system
// calls; host tests run two stacks over a simulated link. FIXME: skeleton of the agreed surface; the stack helper
// fills it in.
#nullable enable
using System;
using Kiln.Net.Sockets;

namespace Kiln.Net.Stack
{
    public sealed class NetStack
    {
        private readonly NetEnvironment _environment;

        public NetStack(NetEnvironment environment)
        {
            _environment = environment;
        }

        public NetEnvironment Environment => _environment;

        /// <summary>Interfaces by position; index 0 is loopback.</summary>
        public int InterfaceCount => 0;

        public NetInterface? GetInterface(int position) => null;

        public NetInterface? Loopback => null;

        /// <summary>Adds an Ethernet interface ("eth0", "eth1" ...) on <paramref name="link"/>, without an address yet.</summary>
        public NetInterface? AddInterface(NetLink link) => null;

        /// <summary>Gives an interface its IPv4 address and prefix (static configuration or a DHCP lease).</summary>
        public void SetAddress(NetInterface networkInterface, uint address, int prefixLength)
        {
        }

        /// <summary>The default route's gateway (0: none).</summary>
        public uint Gateway;

        /// <summary>One received frame from <paramref name="networkInterface"/>'s link.</summary>
        public void Receive(NetInterface networkInterface, ReadOnlySpan<byte> frame)
        {
        }

        /// <summary>Runs every timer whose deadline has passed (TCP, ARP, reassembly, DHCP).</summary>
        public void RunTimers()
        {
        }

        /// <summary>The earliest pending deadline (NetEnvironment time), or long.MaxValue.</summary>
        public long NextTimerDeadline => long.MaxValue;

        public TcpSocket? CreateTcpSocket() => null;

        public UdpSocket? CreateUdpSocket() => null;
    }
}
