// The IPv4 network stack: interfaces, ARP, IPv4 in and out (with fragment reassembly), ICMP, UDP and TCP demux,
// listeners, loopback, timers. Pure logic: the kernel feeds it frames and time and calls it from socket system
// calls; host tests run two stacks over a simulated link. This file holds the interfaces and the rule that makes
// loopback safe: every entry point runs between Enter and Leave, and work queued on loopback (or deferred releases)
// runs when the outermost call leaves, never recursively inside the code that produced it.
#nullable enable
using System;
using Kiln.Net.Sockets;

namespace Kiln.Net.Stack
{
    public sealed partial class NetStack
    {
        public const int MaximumInterfaces = 8;
        public const uint LoopbackAddress = 0x7F00_0001;

        /// <summary>Bytes of link and IPv4 header room kept in front of every transport payload we build.</summary>
        internal const int HeaderRoom = EthernetFrame.HeaderLength + Ipv4Header.MinimumLength;

        private static readonly string[] s_ethernetNames = { "eth0", "eth1", "eth2", "eth3", "eth4", "eth5", "eth6" };

        private readonly NetEnvironment _environment;
        private readonly PacketBufferPool _pool;
        private readonly NetInterface[] _interfaces = new NetInterface[MaximumInterfaces];
        private int _interfaceCount;

        // How deep the current call is inside the stack's entry points; loopback delivery runs at depth 1 on Leave.
        private int _depth;

        public NetStack(NetEnvironment environment)
        {
            _environment = environment;
            _pool = new PacketBufferPool(32L * 1024 * 1024);
            var loopback = new NetInterface();
            loopback.Index = 1;
            loopback.Name = "lo";
            loopback.Ipv4Address = LoopbackAddress;
            loopback.Ipv4PrefixLength = 8;
            _interfaces[0] = loopback;
            _interfaceCount = 1;
            _nextIpIdentification = (ushort)environment.NextRandom();
            _reassembler = new Ipv4Reassembler(_pool, ReassemblyMaximumDatagrams, ReassemblyByteLimit);
            InitializeTcp();
            InitializeUdp();
        }

        public NetEnvironment Environment => _environment;

        /// <summary>The stack's packet buffers (tests read its counters to check memory stays flat).</summary>
        public PacketBufferPool Buffers => _pool;

        /// <summary>Interfaces by position; index 0 is loopback.</summary>
        public int InterfaceCount => _interfaceCount;

        public NetInterface? GetInterface(int position) =>
            position >= 0 && position < _interfaceCount ? _interfaces[position] : null;

        public NetInterface? Loopback => _interfaces[0];

        /// <summary>Adds an Ethernet interface ("eth0", "eth1" ...) on <paramref name="link"/>, without an address yet.</summary>
        public NetInterface? AddInterface(NetLink link)
        {
            if (_interfaceCount == MaximumInterfaces)
            {
                return null;
            }

            var networkInterface = new NetInterface();
            networkInterface.Index = _interfaceCount + 1;
            networkInterface.Name = s_ethernetNames[_interfaceCount - 1];
            networkInterface.Link = link;
            networkInterface.Arp = new ArpCache(ArpCacheCapacity, ArpReachableNs, ArpStaleNs, ArpIncompleteNs);
            _interfaces[_interfaceCount++] = networkInterface;
            return networkInterface;
        }

        /// <summary>Gives an interface its IPv4 address and prefix (static configuration or a DHCP lease) and
        /// announces it with a gratuitous ARP request (RFC 5227 section 3). Address 0 removes it.</summary>
        public void SetAddress(NetInterface networkInterface, uint address, int prefixLength)
        {
            if (networkInterface.IsLoopback)
            {
                return;
            }

            networkInterface.Ipv4Address = address;
            networkInterface.Ipv4PrefixLength = address == 0 ? 0 : prefixLength < 0 ? 0 : prefixLength > 32 ? 32 : prefixLength;
            if (address != 0)
            {
                Enter();
                SendArp(networkInterface, ArpPacket.OperationRequest, address, 0, address, EthernetFrame.BroadcastMac);
                Leave();
            }
        }

        /// <summary>The default route's gateway (0: none).</summary>
        public uint Gateway;

        /// <summary>One received frame from <paramref name="networkInterface"/>'s link.</summary>
        public void Receive(NetInterface networkInterface, ReadOnlySpan<byte> frame)
        {
            if (networkInterface.Link == null || EthernetFrame.Parse(frame, out EthernetFrame ethernet) != NetError.None)
            {
                return;
            }

            if (ethernet.Destination != networkInterface.MacAddress && ethernet.Destination != EthernetFrame.BroadcastMac)
            {
                return;
            }

            Enter();
            ReadOnlySpan<byte> payload = frame.Slice(EthernetFrame.HeaderLength);
            if (ethernet.EtherType == EtherType.Arp)
            {
                ReceiveArp(networkInterface, payload);
            }
            else if (ethernet.EtherType == EtherType.Ipv4)
            {
                ReceiveIpv4(networkInterface, payload);
            }

            Leave();
        }

        /// <summary>Runs every timer whose deadline has passed (TCP, ARP, reassembly, DHCP).</summary>
        public void RunTimers()
        {
            Enter();
            long now = _environment.NowNanoseconds;
            RunTcpTimers(now);
            RunArpTimers(now);
            _reassembler.Expire(now);
            RunDhcpTimers(now);
            Leave();
        }

        /// <summary>The earliest pending deadline (NetEnvironment time), or long.MaxValue.</summary>
        public long NextTimerDeadline
        {
            get
            {
                long deadline = _tcpTimers.EarliestDeadline;
                deadline = Math.Min(deadline, _arpNextDeadline);
                deadline = Math.Min(deadline, _reassembler.NextDeadline);
                deadline = Math.Min(deadline, DhcpNextDeadline());
                return deadline;
            }
        }

        public TcpSocket? CreateTcpSocket() => RentTcpSocket();

        public UdpSocket? CreateUdpSocket() => RentUdpSocket();

        /// <summary>True when <paramref name="address"/> is one of ours (any interface, or anywhere in 127/8).</summary>
        public bool IsLocalAddress(uint address)
        {
            if ((address >> 24) == 127)
            {
                return true;
            }

            for (int i = 1; i < _interfaceCount; i++)
            {
                if (address != 0 && _interfaces[i].Ipv4Address == address)
                {
                    return true;
                }
            }

            return false;
        }

        internal void Enter()
        {
            _depth++;
        }

        internal void Leave()
        {
            if (_depth == 1)
            {
                RunDeferredWork();
            }

            _depth--;
        }

        // Delivers loopback packets and releases connections the stack closed on its own, until none are left. New
        // loopback packets produced while delivering join the queue and are delivered by this same loop.
        private void RunDeferredWork()
        {
            int budget = LoopbackQueueLimit * 64;
            while (budget-- > 0)
            {
                if (_loopbackHead != null)
                {
                    PacketBuffer packet = _loopbackHead;
                    _loopbackHead = packet.Next;
                    if (_loopbackHead == null)
                    {
                        _loopbackTail = null;
                    }

                    _loopbackCount--;
                    packet.Next = null;
                    ReceiveIpv4(_interfaces[0], new ReadOnlySpan<byte>(packet.Data, 0, packet.Length));
                    _pool.Return(packet);
                    continue;
                }

                if (!ReleaseDeferredConnections())
                {
                    break;
                }
            }
        }
    }
}
