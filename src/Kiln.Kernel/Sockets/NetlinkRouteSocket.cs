// An AF_NETLINK socket for NETLINK_ROUTE (netlink(7), rtnetlink(7)), as much as glibc's getifaddrs and Go's
// net.Interfaces/InterfaceAddrs use: RTM_GETLINK and RTM_GETADDR dumps of the stack's interfaces, answered with
// RTM_NEWLINK/RTM_NEWADDR records in datagrams of at most a page, the last ending with NLMSG_DONE. Any other request
// gets NLMSG_ERROR with EOPNOTSUPP (Linux's answer for a type without a handler). There are no multicast groups.
using System;
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Net;
using Kiln.Linux;
using Kiln.Net.Addresses;
using Kiln.Net.Netlink;
using Kiln.Net.Stack;

namespace Kiln.Kernel.Sockets
{
    internal sealed unsafe class NetlinkRouteSocket : SocketFile
    {
        public const int NETLINK_ROUTE = 0;

        private const int DatagramSize = 4096 - 16;
        private const int RequestLimit = 65536;

        private static NetlinkRouteSocket s_pool;
        private static bool s_pidPortTaken;
        private static uint s_nextPortId = unchecked((uint)-4096);

        private readonly UnixMessageQueue _queue = new UnixMessageQueue();
        private uint _portId;
        private uint _groups;
        private NetlinkRouteSocket _poolNext;

        public override int ReadableBytes => _queue.IsEmpty ? 0 : _queue.Head.Unread;

        public static NetlinkRouteSocket Create(int type, int statusFlags)
        {
            NetlinkRouteSocket socket = s_pool;
            if (socket != null)
            {
                s_pool = socket._poolNext;
                socket._poolNext = null;
            }
            else
            {
                socket = new NetlinkRouteSocket();
            }

            socket.OpenSocket(AddressFamily.AF_NETLINK, type, NETLINK_ROUTE, statusFlags);
            socket._portId = 0;
            socket._groups = 0;
            return socket;
        }

        public override uint Poll() => PollEvents.Writable | (_queue.IsEmpty ? 0 : PollEvents.Readable);

        public override long Bind(byte* address, int length)
        {
            long error = NetlinkSocketAddress.Decode(new ReadOnlySpan<byte>(address, length), out uint portId, out uint groups);
            if (error < 0)
            {
                return error;
            }

            if (portId != 0 && _portId != 0 && portId != _portId)
            {
                return -Errno.EINVAL;
            }

            if (_portId == 0)
            {
                if (portId == 0)
                {
                    AssignPort();
                }
                else
                {
                    _portId = portId;
                }
            }

            _groups = groups;
            return 0;
        }

        public override long Connect(byte* address, int length) =>
            NetlinkSocketAddress.Decode(new ReadOnlySpan<byte>(address, length), out _, out _);

        public override int LocalName(byte* buffer) =>
            NetlinkSocketAddress.Encode(new Span<byte>(buffer, SocketAbi.AddressCapacity), _portId, _groups);

        public override int PeerName(byte* buffer) => NetlinkSocketAddress.Encode(new Span<byte>(buffer, SocketAbi.AddressCapacity), 0, 0);

        public override long Send(ref SocketMessage message)
        {
            if (message.Address != null && message.AddressLength > 0)
            {
                long error = NetlinkSocketAddress.Decode(new ReadOnlySpan<byte>(message.Address, message.AddressLength), out uint destination, out _);
                if (error < 0)
                {
                    return error;
                }

                if (destination != 0)
                {
                    // Only the kernel (port 0) listens here; no other netlink peers exist.
                    return -Errno.ECONNREFUSED;
                }
            }

            if (_portId == 0)
            {
                AssignPort();
            }

            ulong length = message.Io.Remaining;
            if (length > RequestLimit)
            {
                return -Errno.EMSGSIZE;
            }

            byte* request = (byte*)KernelHeap.TryAllocate((nuint)(length == 0 ? 1 : length));
            if (request == null)
            {
                return -Errno.ENOBUFS;
            }

            long result;
            if (message.Io.CopyIn(request, length) != length)
            {
                result = -Errno.EFAULT;
            }
            else
            {
                HandleRequests(new ReadOnlySpan<byte>(request, (int)length));
                result = (long)length;
            }

            KernelHeap.Free(request, (nuint)(length == 0 ? 1 : length));
            return result;
        }

        public override long Receive(ref SocketMessage message)
        {
            ulong deadline = ReceiveDeadline();
            while (_queue.IsEmpty)
            {
                if (MustNotBlock(message.Flags))
                {
                    return -Errno.EAGAIN;
                }

                long waited = WaitOn(Readiness, deadline);
                if (waited < 0)
                {
                    return waited;
                }
            }

            UnixMessage datagram = _queue.Head;
            ulong length = (ulong)datagram.Length;
            ulong copied = message.Io.CopyOut(datagram.Data, length < message.Io.Remaining ? length : message.Io.Remaining);
            if (copied < length)
            {
                message.ResultFlags |= SocketAbi.MSG_TRUNC;
            }

            if (message.Address != null)
            {
                message.AddressLength = NetlinkSocketAddress.Encode(new Span<byte>(message.Address, SocketAbi.AddressCapacity), 0, 0);
            }

            bool faulted = message.Io.Faulted;
            if (!message.Peek)
            {
                _queue.Dequeue().Free();
            }

            if (faulted)
            {
                return -Errno.EFAULT;
            }

            return (message.Flags & SocketAbi.MSG_TRUNC) != 0 ? (long)length : (long)copied;
        }

        public override long Shutdown(int how) => how < 0 || how > 2 ? -Errno.EINVAL : 0;

        protected override void Release()
        {
            _queue.Purge();
            if (_portId == Process.UserProcess.Pid)
            {
                s_pidPortTaken = false;
            }

            _poolNext = s_pool;
            s_pool = this;
        }

        // netlink_autobind: the process id for the first socket, then numbers counting down from -4096.
        private void AssignPort()
        {
            if (!s_pidPortTaken)
            {
                s_pidPortTaken = true;
                _portId = (uint)Process.UserProcess.Pid;
                return;
            }

            _portId = s_nextPortId--;
        }

        private void HandleRequests(ReadOnlySpan<byte> requests)
        {
            int at = 0;
            while (RouteNetlink.TryReadHeader(requests.Slice(at), out int length, out ushort type, out ushort flags, out uint sequence, out _))
            {
                ReadOnlySpan<byte> request = requests.Slice(at, length);
                if ((flags & RouteNetlink.NLM_F_REQUEST) != 0)
                {
                    bool dump = (flags & RouteNetlink.NLM_F_DUMP) == RouteNetlink.NLM_F_DUMP;
                    if (dump && (type == RouteNetlink.RTM_GETLINK || type == RouteNetlink.RTM_GETADDR))
                    {
                        // rtgenmsg/ifaddrmsg: the first byte of the body is the family asked for.
                        int family = length > RouteNetlink.HeaderSize ? request[RouteNetlink.HeaderSize] : AddressFamily.AF_UNSPEC;
                        Dump(type, family, sequence);
                    }
                    else
                    {
                        QueueError((int)-Errno.EOPNOTSUPP, request);
                    }
                }

                at += RouteNetlink.Align(length);
                if (at >= requests.Length)
                {
                    break;
                }
            }

            Readiness.Notify(PollEvents.Readable);
        }

        private void Dump(ushort type, int family, uint sequence)
        {
            byte* buffer = stackalloc byte[DatagramSize];
            Span<byte> datagram = new Span<byte>(buffer, DatagramSize);
            int used = 0;
            NetStack stack = NetworkService.Stack;
            bool addresses = type == RouteNetlink.RTM_GETADDR;
            bool wanted = !addresses || family == AddressFamily.AF_UNSPEC || family == AddressFamily.AF_INET;
            for (int i = 0; wanted && i < stack.InterfaceCount; i++)
            {
                NetInterface networkInterface = stack.GetInterface(i);
                if (networkInterface == null || (addresses && !RouteNetlink.HasAddress(networkInterface)))
                {
                    continue;
                }

                int written = Write(datagram.Slice(used), addresses, sequence, networkInterface);
                if (written == 0)
                {
                    QueueDatagram(buffer, used);
                    used = 0;
                    written = Write(datagram, addresses, sequence, networkInterface);
                }

                used += written;
            }

            int done = RouteNetlink.WriteDone(datagram.Slice(used), sequence, _portId);
            if (done == 0)
            {
                QueueDatagram(buffer, used);
                used = 0;
                done = RouteNetlink.WriteDone(datagram, sequence, _portId);
            }

            QueueDatagram(buffer, used + done);
        }

        private int Write(Span<byte> destination, bool address, uint sequence, NetInterface networkInterface) => address
            ? RouteNetlink.WriteAddress(destination, sequence, _portId, networkInterface)
            : RouteNetlink.WriteLink(destination, sequence, _portId, networkInterface);

        private void QueueError(int error, ReadOnlySpan<byte> request)
        {
            byte* buffer = stackalloc byte[64];
            int length = RouteNetlink.WriteError(new Span<byte>(buffer, 64), error, request, _portId);
            QueueDatagram(buffer, length);
        }

        private void QueueDatagram(byte* data, int length)
        {
            UnixMessage datagram = UnixMessage.Create(length);
            if (datagram == null)
            {
                // The kernel is out of memory: the reply is lost, as an skb allocation failure loses it (ENOBUFS on Linux).
                return;
            }

            Arch.X86_64.Cpu.CopyMemory(datagram.Data, data, (nuint)length);
            datagram.Length = length;
            _queue.Enqueue(datagram);
        }
    }
}
