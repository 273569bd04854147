// The receiving half: in-window data into the receive queue (out-of-order ranges kept in place for SACK), the
// delayed-ACK decision (RFC 9293 3.8.6.3, RFC 5681 4.2), and the peer's FIN with the state changes it brings.
#nullable enable
using System;

namespace Kiln.Net.Tcp
{
    public sealed partial class TcpConnection
    {
        /// <summary>Linux's TCP_MAX_QUICKACKS.</summary>
        private const int MaxQuickAcks = 16;

        private int _quickAcks;
        private bool _pingPong;
        private long _lastDataReceivedNs;

        private void ResetDelayedAck(long now)
        {
            _quickAcks = MaxQuickAcks;
            _pingPong = false;
            _lastDataReceivedNs = now;
        }

        /// <summary>Puts in-window data into the receive queue; in-order data moves RCV.NXT (absorbing out-of-order
        /// ranges it reaches), out-of-order data is kept and answered with an immediate ACK carrying SACK blocks.</summary>
        private void ReceiveData(uint seq, ReadOnlySpan<byte> data, long now)
        {
            if (TcpSequence.LessThan(seq, _rcvNxt))
            {
                uint skip = _rcvNxt - seq;
                if (skip >= (uint)data.Length)
                {
                    SendAck();   // all duplicate: the peer missed our ACK
                    return;
                }
                data = data.Slice((int)skip);
                seq = _rcvNxt;
            }
            uint right = ReceiveWindowRight();
            if (TcpSequence.GreaterThan(seq + (uint)data.Length, right))
            {
                data = data.Slice(0, (int)(right - seq));
            }
            if (data.Length == 0)
            {
                SendAck();
                return;
            }
            if (data.Length > _largestReceivedSegment)
            {
                _largestReceivedSegment = Math.Min(data.Length, _routeMss);
            }
            int readable = _receiveQueue.Length;
            int offset = readable + (int)(seq - _rcvNxt);
            if (!_receiveQueue.Write(offset, data))
            {
                SendAck();   // no memory for it: the peer sends it again
                return;
            }
            if (seq != _rcvNxt)
            {
                if (_outOfOrder.Add(seq, seq + (uint)data.Length))
                {
                    _lastOutOfOrderSeq = seq;
                }
                SendAck();
                return;
            }
            bool hadHoles = _outOfOrder.Count > 0;
            uint newNxt = seq + (uint)data.Length;
            while (_outOfOrder.Count > 0 && TcpSequence.LessOrEqual(_outOfOrder.LeftAt(0), newNxt))
            {
                newNxt = TcpSequence.Max(newNxt, _outOfOrder.RightAt(0));
                _outOfOrder.RemoveBelow(_outOfOrder.RightAt(0));
            }
            _receiveQueue.SetLength(readable + (int)(newNxt - _rcvNxt));
            _bytesSinceAck += (int)(newNxt - _rcvNxt);
            _rcvNxt = newNxt;
            _notify = true;
            // Delayed ACK (RFC 9293 3.8.6.3, RFC 5681 4.2): at least every second full segment, at once when
            // filling a hole, otherwise within 40 ms. Like Linux, ACK at once while in quick-ACK mode (the start
            // of a connection, or data after an idle RTO) unless the exchange is interactive, so a peer's Nagle
            // never waits 40 ms for us.
            if (now - _lastDataReceivedNs > _rto)
            {
                _quickAcks = MaxQuickAcks;
            }
            _lastDataReceivedNs = now;
            if (hadHoles || _bytesSinceAck > _largestReceivedSegment || (_quickAcks > 0 && !_pingPong))
            {
                if (_quickAcks > 0 && !_pingPong)
                {
                    _quickAcks--;
                }
                SendAck();
            }
            else if (_delayedAckDeadline == long.MaxValue)
            {
                _delayedAckDeadline = now + TcpTimeouts.DelayedAck;
            }
        }

        private void OnPeerFin(long now)
        {
            _rcvNxt++;
            _finReceived = true;
            _peerFinPending = false;
            _notify = true;
            switch (State)
            {
                case TcpState.SynReceived:
                case TcpState.Established:
                    State = TcpState.CloseWait;
                    break;
                case TcpState.FinWait1:
                    State = TcpState.Closing;
                    break;
                case TcpState.FinWait2:
                    EnterTimeWait(now);
                    break;
            }
            SendAck();
        }

        private void EnterTimeWait(long now)
        {
            State = TcpState.TimeWait;
            _notify = true;
            StopRetransmitTimer();
            _delayedAckDeadline = long.MaxValue;
            _stateDeadline = now + TcpTimeouts.TimeWait;
        }
    }
}
