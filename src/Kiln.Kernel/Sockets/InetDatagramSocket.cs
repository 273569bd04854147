// An AF_INET or AF_INET6 SOCK_DGRAM socket over the stack's UdpSocket: each send is one datagram (copied whole into
// a kernel buffer of its size), each receive takes one (MSG_TRUNC reports its real length), blocking on the file's
// Readiness within the socket timeouts.
using System;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Net;
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Addresses;
using Kiln.Net.Sockets;

namespace Kiln.Kernel.Sockets
{
    internal sealed unsafe class InetDatagramSocket : InetSocket
    {
        // The largest UDP payload over IPv4: 65535 less the IPv4 and UDP headers.
        private const int MaximumDatagram = 65507;

        private static InetDatagramSocket s_pool;

        private readonly SocketEventRelay _relay;
        private UdpSocket _udp;
        private InetDatagramSocket _poolNext;

        private InetDatagramSocket()
        {
            _relay = new SocketEventRelay(this);
        }

        public override int ReadableBytes => _udp.ReadableBytes;

        protected override bool HasLocalPort => _udp.LocalEndpoint.Port != 0;

        public static InetDatagramSocket Create(int domain, int statusFlags)
        {
            UdpSocket udp = NetworkService.Stack.CreateUdpSocket();
            if (udp == null)
            {
                return null;
            }

            InetDatagramSocket socket = s_pool;
            if (socket != null)
            {
                s_pool = socket._poolNext;
                socket._poolNext = null;
            }
            else
            {
                socket = new InetDatagramSocket();
            }

            socket.OpenSocket(domain, SocketAbi.SOCK_DGRAM, SocketAbi.IPPROTO_UDP, statusFlags);
            socket.ResetInet();
            socket._udp = udp;
            udp.Observer = socket._relay;
            socket.OptionsChanged();
            return socket;
        }

        public override uint Poll() => _udp.PollEvents;

        public override long TakeError() => _udp.TakeError();

        protected override void OptionsChanged()
        {
            _udp.ReuseAddress = ReuseAddress;
            _udp.ReusePort = ReusePort;
            _udp.Broadcast = Broadcast;
            _udp.ReceiveBufferSize = ReceiveBufferSize;
            _udp.SendBufferSize = SendBufferSize;
        }

        public override long Bind(byte* address, int length)
        {
            long error = DecodeAddress(address, length, forBind: true, out Ipv4Endpoint local);
            return error < 0 ? error : Stacked(_udp.Bind(local));
        }

        public override long Connect(byte* address, int length)
        {
            if (length >= 2 && AddressFamily.Of(new ReadOnlySpan<byte>(address, length)) == AddressFamily.AF_UNSPEC)
            {
                return Stacked(_udp.Connect(default));
            }

            long error = DecodeAddress(address, length, forBind: false, out Ipv4Endpoint remote);
            return error < 0 ? error : Stacked(_udp.Connect(remote));
        }

        public override long Send(ref SocketMessage message)
        {
            Ipv4Endpoint destination = default;
            if (message.Address != null && message.AddressLength > 0)
            {
                long error = DecodeAddress(message.Address, message.AddressLength, forBind: false, out destination);
                if (error < 0)
                {
                    return error;
                }

                if (destination.Port == 0)
                {
                    return -Errno.EINVAL;
                }
            }

            ulong length = message.Io.Remaining;
            if (length > MaximumDatagram)
            {
                return -Errno.EMSGSIZE;
            }

            byte* buffer = (byte*)KernelHeap.TryAllocate((nuint)(length == 0 ? 1 : length));
            if (buffer == null)
            {
                return -Errno.ENOBUFS;
            }

            long result;
            if (message.Io.CopyIn(buffer, length) != length)
            {
                result = -Errno.EFAULT;
            }
            else
            {
                ulong deadline = SendDeadline();
                for (;;)
                {
                    result = Stacked(_udp.SendTo(new ReadOnlySpan<byte>(buffer, (int)length), destination));
                    if (result != -Errno.EAGAIN || MustNotBlock(message.Flags))
                    {
                        break;
                    }

                    long waited = WaitOn(Readiness, deadline);
                    if (waited < 0)
                    {
                        result = waited;
                        break;
                    }
                }
            }

            KernelHeap.Free(buffer, (nuint)(length == 0 ? 1 : length));
            return result;
        }

        public override long Receive(ref SocketMessage message)
        {
            ulong capacity = message.Io.Remaining < MaximumDatagram ? message.Io.Remaining : MaximumDatagram;
            byte* buffer = (byte*)KernelHeap.TryAllocate((nuint)(capacity == 0 ? 1 : capacity));
            if (buffer == null)
            {
                return -Errno.ENOBUFS;
            }

            long result = ReceiveInto(ref message, buffer, (int)capacity);
            KernelHeap.Free(buffer, (nuint)(capacity == 0 ? 1 : capacity));
            return result;
        }

        private long ReceiveInto(ref SocketMessage message, byte* buffer, int capacity)
        {
            ulong deadline = ReceiveDeadline();
            for (;;)
            {
                long got = Stacked(_udp.ReceiveFrom(new Span<byte>(buffer, capacity), message.Peek, out Ipv4Endpoint source, out int fullLength));
                if (got >= 0)
                {
                    ulong copied = message.Io.CopyOut(buffer, (ulong)got);
                    if (message.Io.Faulted)
                    {
                        return -Errno.EFAULT;
                    }

                    if (fullLength > (int)copied)
                    {
                        message.ResultFlags |= SocketAbi.MSG_TRUNC;
                    }

                    if (message.Address != null)
                    {
                        message.AddressLength = EncodeAddress(message.Address, source);
                    }

                    return (message.Flags & SocketAbi.MSG_TRUNC) != 0 ? fullLength : (long)copied;
                }

                if (got != -Errno.EAGAIN || MustNotBlock(message.Flags))
                {
                    return got;
                }

                long waited = WaitOn(Readiness, deadline);
                if (waited < 0)
                {
                    return waited;
                }
            }
        }

        public override long Shutdown(int how)
        {
            if (how < SocketAbi.SHUT_RD || how > SocketAbi.SHUT_RDWR)
            {
                return -Errno.EINVAL;
            }

            // inet_shutdown: an unconnected datagram socket is ENOTCONN; a connected one has nothing to shut down here.
            return _udp.RemoteEndpoint.Port == 0 ? -Errno.ENOTCONN : 0;
        }

        public override int LocalName(byte* buffer) => EncodeAddress(buffer, _udp.LocalEndpoint);

        public override int PeerName(byte* buffer) =>
            _udp.RemoteEndpoint.Port != 0 ? EncodeAddress(buffer, _udp.RemoteEndpoint) : (int)-Errno.ENOTCONN;

        protected override void Release()
        {
            _udp.Observer = null;
            _udp.Close();
            NetworkService.TimersChanged();
            _udp = null;
            _poolNext = s_pool;
            s_pool = this;
        }
    }
}
