// A UDP socket: bound to a local port, optionally connected to a peer, with a queue of received datagrams (pooled
// buffers) up to its receive buffer size. Sockets come from the stack's pool (NetStack.CreateUdpSocket) and go back
// to it on Close.
#nullable enable
using System;
using Kiln.Linux;
using Kiln.Net.Stack;

namespace Kiln.Net.Sockets
{
    public sealed partial class UdpSocket
    {
        /// <summary>The largest payload of one IPv4 datagram: 65,535 less the IPv4 and UDP headers.</summary>
        public const int MaximumPayload = 65535 - 20 - 8;

        public SocketObserver? Observer;
        public bool ReuseAddress;
        public bool ReusePort;
        public bool Broadcast;
        public int ReceiveBufferSize = 212992;
        public int SendBufferSize = 212992;

        private NetStack? _stack;
        private PacketBuffer? _queueHead;
        private PacketBuffer? _queueTail;
        private int _queuedBytes;
        private int _queuedCount;
        private long _pendingError;
        private bool _bound;

        internal uint BoundAddress;
        internal ushort BoundPort;
        internal uint RemoteAddress;
        internal ushort RemotePort;
        internal UdpSocket? BindNext;
        internal UdpSocket? PoolNext;

        /// <summary>Datagrams dropped because the receive queue was full.</summary>
        public long Drops { get; private set; }

        public uint PollEvents
        {
            get
            {
                uint events = PollEventsWritable;
                if (_queueHead != null)
                {
                    events |= Kiln.Linux.PollEvents.EPOLLIN | Kiln.Linux.PollEvents.EPOLLRDNORM;
                }

                if (_pendingError != 0)
                {
                    events |= Kiln.Linux.PollEvents.EPOLLERR;
                }

                return events;
            }
        }

        private const uint PollEventsWritable = Kiln.Linux.PollEvents.EPOLLOUT | Kiln.Linux.PollEvents.EPOLLWRNORM;

        public Ipv4Endpoint LocalEndpoint => new Ipv4Endpoint(BoundAddress, BoundPort);
        public Ipv4Endpoint RemoteEndpoint => new Ipv4Endpoint(RemoteAddress, RemotePort);

        public long Bind(Ipv4Endpoint local)
        {
            if (_bound)
            {
                return -Errno.EINVAL;
            }

            long result = _stack!.BindUdp(this, local.Address, local.Port);
            _bound = result == 0;
            return result;
        }

        /// <summary>connect(2) on UDP: sets the default peer and filters what is received; address 0 (AF_UNSPEC) disconnects.</summary>
        public long Connect(Ipv4Endpoint remote)
        {
            NetStack stack = _stack!;
            if (remote.Address == 0 && remote.Port == 0)
            {
                RemoteAddress = 0;
                RemotePort = 0;
                return 0;
            }

            if (remote.Port == 0)
            {
                // Linux connects to port 0 but nothing can be sent there; refuse as sendto would.
                return -Errno.EINVAL;
            }

            uint address = remote.Address == 0 ? NetStack.LoopbackAddress : remote.Address;
            long routed = stack.FindRoute(address, BoundAddress == NetStack.LimitedBroadcast ? 0 : BoundAddress, out Ipv4Route route);
            if (routed != 0)
            {
                return routed;
            }

            if (route.LinkBroadcast && !Broadcast)
            {
                return -Errno.EACCES;
            }

            if (!_bound)
            {
                long bound = Bind(new Ipv4Endpoint(0, 0));
                if (bound != 0)
                {
                    return bound;
                }
            }

            RemoteAddress = address;
            RemotePort = remote.Port;
            _pendingError = 0;
            return 0;
        }

        /// <summary>Sends one datagram to <paramref name="destination"/> (or the connected peer when its port is 0):
        /// bytes sent, -EMSGSIZE, -EDESTADDRREQ, -ENETUNREACH. Binds an ephemeral port first if unbound.</summary>
        public long SendTo(ReadOnlySpan<byte> data, Ipv4Endpoint destination)
        {
            NetStack stack = _stack!;
            uint address = destination.Address;
            ushort port = destination.Port;
            if (port == 0)
            {
                if (RemotePort == 0)
                {
                    return destination.Address != 0 ? -Errno.EINVAL : -Errno.EDESTADDRREQ;
                }

                address = RemoteAddress;
                port = RemotePort;
            }

            if (data.Length > MaximumPayload || data.Length > SendBufferSize)
            {
                return -Errno.EMSGSIZE;
            }

            if (address == 0)
            {
                address = NetStack.LoopbackAddress;
            }

            if (!_bound)
            {
                long bound = Bind(new Ipv4Endpoint(0, 0));
                if (bound != 0)
                {
                    return bound;
                }
            }

            stack.Enter();
            long sent = stack.SendUdp(this, data, address, port);
            stack.Leave();
            return sent;
        }

        /// <summary>Takes (or peeks) the next datagram: bytes copied; <paramref name="fullLength"/> is its real
        /// length (MSG_TRUNC); -EAGAIN when none; a pending ICMP error (-ECONNREFUSED) on a connected socket.</summary>
        public long ReceiveFrom(Span<byte> destination, bool peek, out Ipv4Endpoint source, out int fullLength)
        {
            source = default;
            fullLength = 0;
            if (_pendingError != 0)
            {
                long error = _pendingError;
                _pendingError = 0;
                return error;
            }

            PacketBuffer? datagram = _queueHead;
            if (datagram == null)
            {
                return -Errno.EAGAIN;
            }

            int copied = Math.Min(destination.Length, datagram.Length);
            new ReadOnlySpan<byte>(datagram.Data, 0, copied).CopyTo(destination);
            source = new Ipv4Endpoint(datagram.Address, datagram.Port);
            fullLength = datagram.Length;
            if (!peek)
            {
                _queueHead = datagram.Next;
                if (_queueHead == null)
                {
                    _queueTail = null;
                }

                _queuedBytes -= datagram.Capacity;
                _queuedCount--;
                _stack!.Buffers.Return(datagram);
            }

            return copied;
        }

        /// <summary>FIONREAD: the size of the next datagram (0 when none), as Linux reports for UDP.</summary>
        public int ReadableBytes => _queueHead == null ? 0 : _queueHead.Length;

        /// <summary>Datagrams waiting to be read.</summary>
        public int QueuedDatagrams => _queuedCount;

        public long TakeError()
        {
            long error = _pendingError;
            _pendingError = 0;
            return error;
        }

        public void Close()
        {
            NetStack stack = _stack!;
            if (_bound)
            {
                stack.UnbindUdp(this);
            }

            stack.Buffers.ReturnChain(_queueHead);
            _queueHead = null;
            _queueTail = null;
            Observer = null;
            _stack = null;
            stack.ReturnUdpSocket(this);
        }

        /// <summary>Makes a pooled socket new again.</summary>
        internal void Reset(NetStack stack)
        {
            _stack = stack;
            Observer = null;
            ReuseAddress = false;
            ReusePort = false;
            Broadcast = false;
            ReceiveBufferSize = 212992;
            SendBufferSize = 212992;
            _queueHead = null;
            _queueTail = null;
            _queuedBytes = 0;
            _queuedCount = 0;
            _pendingError = 0;
            _bound = false;
            BoundAddress = 0;
            BoundPort = 0;
            RemoteAddress = 0;
            RemotePort = 0;
            BindNext = null;
            PoolNext = null;
            Drops = 0;
        }

        /// <summary>A datagram arrived for this socket: queue it unless the receive buffer is full (the first one
        /// always fits, as on Linux, so a buffer smaller than one datagram still receives).</summary>
        internal void Enqueue(ReadOnlySpan<byte> data, uint sourceAddress, ushort sourcePort)
        {
            NetStack stack = _stack!;
            PacketBuffer? buffer = _queuedBytes > 0 && _queuedBytes + data.Length > ReceiveBufferSize ? null : stack.Buffers.Rent(data.Length);
            if (buffer == null)
            {
                Drops++;
                return;
            }

            data.CopyTo(new Span<byte>(buffer.Data, 0, data.Length));
            buffer.Address = sourceAddress;
            buffer.Port = sourcePort;
            if (_queueTail == null)
            {
                _queueHead = buffer;
            }
            else
            {
                _queueTail.Next = buffer;
            }

            _queueTail = buffer;
            _queuedBytes += buffer.Capacity;
            _queuedCount++;
            Observer?.OnSocketEvents(PollEvents);
        }

        internal void SetError(long error)
        {
            _pendingError = error;
            Observer?.OnSocketEvents(PollEvents);
        }
    }
}
