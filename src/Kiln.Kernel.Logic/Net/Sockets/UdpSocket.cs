// A UDP socket: bound to a local port, optionally connected to a peer, with a queue of received datagrams up to
// its receive buffer size. FIXME: skeleton of the agreed surface; the stack helper fills it in.
#nullable enable
using System;
using Kiln.Linux;

namespace Kiln.Net.Sockets
{
    public sealed class UdpSocket
    {
        public SocketObserver? Observer;
        public bool ReuseAddress;
        public bool ReusePort;
        public bool Broadcast;
        public int ReceiveBufferSize = 212992;
        public int SendBufferSize = 212992;

        public uint PollEvents => 0;
        public Ipv4Endpoint LocalEndpoint => default;
        public Ipv4Endpoint RemoteEndpoint => default;

        public long Bind(Ipv4Endpoint local) => -Errno.ENOSYS;

        /// <summary>connect(2) on UDP: sets the default peer and filters what is received; address 0 (AF_UNSPEC) disconnects.</summary>
        public long Connect(Ipv4Endpoint remote) => -Errno.ENOSYS;

        /// <summary>Sends one datagram to <paramref name="destination"/> (or the connected peer when its port is 0):
        /// bytes sent, -EMSGSIZE, -EDESTADDRREQ, -ENETUNREACH. Binds an ephemeral port first if unbound.</summary>
        public long SendTo(ReadOnlySpan<byte> data, Ipv4Endpoint destination) => -Errno.ENOSYS;

        /// <summary>Takes (or peeks) the next datagram: bytes copied; <paramref name="fullLength"/> is its real
        /// length (MSG_TRUNC); -EAGAIN when none; a pending ICMP error (-ECONNREFUSED) on a connected socket.</summary>
        public long ReceiveFrom(Span<byte> destination, bool peek, out Ipv4Endpoint source, out int fullLength)
        {
            source = default;
            fullLength = 0;
            return -Errno.ENOSYS;
        }

        public int ReadableBytes => 0;

        public long TakeError() => 0;

        public void Close()
        {
        }
    }
}
