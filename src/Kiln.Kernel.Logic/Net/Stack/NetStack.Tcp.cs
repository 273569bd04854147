// TCP in: segments are checked, then go to their connection by 4-tuple, or (a SYN) to a listener, or are answered
// with RST (RFC 9293 3.10.7.1). SYN-flood resistance is a bounded half-open queue per listener with eviction of the
// oldest half-open connection: a flood of spoofed SYNs pushes out other spoofed SYNs, never established connections,
// and a real client's SYN-ACK round trip is much shorter than the time the flood takes to cycle the queue. (SYN
// cookies would lose the peer's options, which TcpConnection negotiates at OpenPassive.)
#nullable enable
using System;
using Kiln.Linux;
using Kiln.Net.Sockets;
using Kiln.Net.Tcp;

namespace Kiln.Net.Stack
{
    public sealed partial class NetStack
    {
        /// <summary>The most connections (all states) the stack holds; a SYN or connect beyond it fails.</summary>
        public const int MaximumConnections = 65536;

        /// <summary>Linux's somaxconn: the largest listen backlog.</summary>
        public const int MaximumBacklog = 4096;

        /// <summary>Half-open connections one listener holds before evicting the oldest: this or its backlog,
        /// whichever is larger (Linux bounds its SYN queue by the backlog too).</summary>
        public const int HalfOpenLimit = 256;

        /// <summary>Segments answered with RST because no connection or listener wanted them.</summary>
        public long TcpResetsSent { get; private set; }

        /// <summary>SYNs dropped because the listener's accept queue was full.</summary>
        public long TcpListenOverflows { get; private set; }

        /// <summary>Half-open connections evicted to make room for a new SYN.</summary>
        public long TcpHalfOpenEvictions { get; private set; }

        private void ReceiveTcp(NetInterface networkInterface, in Ipv4Header header, ReadOnlySpan<byte> payload)
        {
            if (TcpSegment.Parse(payload, header.Source, header.Destination, true, out TcpSegment segment, out TcpOptions options) != TcpError.None)
            {
                return;
            }

            ReadOnlySpan<byte> data = payload.Slice(segment.HeaderLength, segment.PayloadLength);
            TcpConnection? connection = FindConnection(header.Destination, segment.DestinationPort, header.Source, segment.SourcePort);
            if (connection != null)
            {
                connection.OnSegment(segment, options, data);
                return;
            }

            if (segment.Has(TcpFlags.SYN) && !segment.Has(TcpFlags.ACK) && !segment.Has(TcpFlags.RST) && !segment.Has(TcpFlags.FIN))
            {
                TcpSocket? listener = FindListener(header.Destination, segment.DestinationPort, header.Source, segment.SourcePort);
                if (listener != null)
                {
                    OpenPassive(networkInterface, listener, header, segment, options);
                    return;
                }
            }

            SendResetFor(header, segment);
        }

        // RFC 9293 3.10.7.1: a segment to no connection gets <SEQ=SEG.ACK><CTL=RST> if it acknowledged something,
        // else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; a RST is never answered.
        private void SendResetFor(in Ipv4Header header, in TcpSegment segment)
        {
            if (segment.Has(TcpFlags.RST))
            {
                return;
            }

            TcpSegment reset = default;
            reset.SourcePort = segment.DestinationPort;
            reset.DestinationPort = segment.SourcePort;
            if (segment.Has(TcpFlags.ACK))
            {
                reset.SequenceNumber = segment.AcknowledgmentNumber;
                reset.Flags = TcpFlags.RST;
            }
            else
            {
                uint length = (uint)segment.PayloadLength + (segment.Has(TcpFlags.SYN) ? 1u : 0u) + (segment.Has(TcpFlags.FIN) ? 1u : 0u);
                reset.AcknowledgmentNumber = segment.SequenceNumber + length;
                reset.Flags = TcpFlags.RST | TcpFlags.ACK;
            }

            SendBareSegment(header.Destination, header.Source, reset);
        }

        private void SendBareSegment(uint source, uint destination, in TcpSegment segment)
        {
            if (FindRoute(destination, source, out Ipv4Route route) != 0)
            {
                return;
            }

            TcpOptions none = default;
            if (TcpSegment.Build(TransportScratch, segment, none, ReadOnlySpan<byte>.Empty, route.Source, destination, out int written) == TcpError.None)
            {
                TcpResetsSent++;
                SendIpv4(route, destination, IpProtocol.Tcp, written, true);
            }
        }

        private void OpenPassive(NetInterface networkInterface, TcpSocket listener, in Ipv4Header header, in TcpSegment syn, in TcpOptions options)
        {
            // Linux drops the SYN while the accept queue is full (more than backlog waiting), so the client retries.
            if (listener.AcceptQueueLength + listener.OverflowLength > listener.Backlog)
            {
                TcpListenOverflows++;
                return;
            }

            if (listener.HalfOpenLength >= Math.Max(HalfOpenLimit, listener.Backlog) || (listener.HalfOpenLength > 0 && TcpConnectionCount >= MaximumConnections))
            {
                TcpHalfOpenEvictions++;
                TcpConnectionSlot oldest = listener.HalfOpenHead!;
                listener.RemoveFromQueue(oldest);
                oldest.Listener = null;
                QueueRelease(oldest);
                oldest.Connection.Abort();
            }

            TcpConnectionSlot? slot = RentSlot();
            if (slot == null)
            {
                return;
            }

            TcpConnection connection = slot.Connection;
            connection.Initialize(_tcpOwner, _environment, header.Destination, syn.DestinationPort, header.Source, syn.SourcePort,
                MaximumSegmentSizeFor(header.Source));
            connection.Options = listener.Options;
            slot.Listener = listener;
            slot.OpenedNs = _environment.NowNanoseconds;
            listener.AddToQueue(slot, TcpListenQueue.HalfOpen);
            HashConnection(slot);
            connection.OpenPassive(syn, options);
        }

        /// <summary>connect(2)'s work once the socket chose its endpoints: a hashed connection in SYN-SENT, or an errno.</summary>
        internal long OpenActive(TcpSocket socket, uint localAddress, ushort localPort, uint remoteAddress, ushort remotePort, out TcpConnectionSlot? opened)
        {
            opened = null;
            if (TcpConnectionCount >= MaximumConnections)
            {
                return -Errno.ENOBUFS;
            }

            TcpConnectionSlot? slot = RentSlot();
            if (slot == null)
            {
                return -Errno.ENOBUFS;
            }

            TcpConnection connection = slot.Connection;
            connection.Initialize(_tcpOwner, _environment, localAddress, localPort, remoteAddress, remotePort, MaximumSegmentSizeFor(remoteAddress));
            connection.Options = socket.Options;
            slot.Socket = socket;
            HashConnection(slot);
            opened = slot;
            connection.OpenActive();
            return 0;
        }

        /// <summary>The MSS the route to <paramref name="remote"/> allows: MTU less 40 bytes of IPv4 and TCP header.</summary>
        internal int MaximumSegmentSizeFor(uint remote)
        {
            int mtu = FindRoute(remote, 0, out Ipv4Route route) == 0 ? route.Interface.Mtu : 1500;
            return Math.Min(mtu, 65535) - Ipv4Header.MinimumLength - TcpSegment.MinHeaderSize;
        }

        // ICMP destination unreachable aborts a connection still in SYN-SENT with its errno, as Linux's tcp_v4_err
        // does (RFC 1122 4.2.3.9 allows it); fragmentation-needed is path MTU news, not an error.
        private void ReportTcpError(uint source, ushort sourcePort, uint destination, ushort destinationPort, long error)
        {
            TcpConnection? connection = FindConnection(source, sourcePort, destination, destinationPort);
            if (connection == null || connection.State != TcpState.SynSent || error == -Errno.EMSGSIZE)
            {
                return;
            }

            TcpConnectionSlot slot = (TcpConnectionSlot)connection.OwnerData!;
            if (slot.Socket != null)
            {
                slot.Socket.PendingError = error;
            }

            connection.Abort();
        }
    }
}
