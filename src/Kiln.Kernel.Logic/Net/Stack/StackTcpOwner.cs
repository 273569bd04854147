// The stack's side of TcpConnectionOwner: segments go out through IPv4 (routed per segment, DF set), timers go in
// the stack's heap, and state changes reach the socket's observer or the listener's accept queue.
#nullable enable
using System;
using Kiln.Net.Tcp;

namespace Kiln.Net.Stack
{
    internal sealed class StackTcpOwner : TcpConnectionOwner
    {
        private readonly NetStack _stack;
        private Ipv4Route _route;
        private bool _routed;

        public StackTcpOwner(NetStack stack)
        {
            _stack = stack;
        }

        public override Span<byte> BeginTransmit(TcpConnection connection, int maxLength)
        {
            _routed = false;
            Span<byte> scratch = _stack.TransportScratch;
            if (maxLength > scratch.Length || _stack.FindRoute(connection.RemoteAddress, connection.LocalAddress, out _route) != 0)
            {
                return Span<byte>.Empty;
            }

            _routed = true;
            return scratch.Slice(0, maxLength);
        }

        public override void EndTransmit(TcpConnection connection, int length)
        {
            if (_routed)
            {
                _routed = false;
                _stack.SendIpv4(_route, connection.RemoteAddress, IpProtocol.Tcp, length, true);
            }
        }

        public override void ScheduleTimer(TcpConnection connection, long deadlineNs)
        {
            connection.OwnerDeadline = deadlineNs;
            _stack.ScheduleTcpTimer((TcpConnectionSlot)connection.OwnerData!, deadlineNs);
        }

        public override void OnEvents(TcpConnection connection, uint pollEvents) =>
            _stack.OnTcpEvents((TcpConnectionSlot)connection.OwnerData!, pollEvents);

        public override void OnEstablished(TcpConnection connection) =>
            _stack.OnTcpEstablished((TcpConnectionSlot)connection.OwnerData!);

        public override void OnClosed(TcpConnection connection) =>
            _stack.OnTcpClosed((TcpConnectionSlot)connection.OwnerData!);

        public override void OnReleasable(TcpConnection connection) =>
            _stack.OnTcpReleasable((TcpConnectionSlot)connection.OwnerData!);
    }
}
