// Segment arrival (RFC 9293 3.10.7): SYN-SENT processing, then for synchronized states the sequence check (with
// PAWS, RFC 7323 5), RST and SYN handling with the RFC 5961 challenge ACK, ACK processing, data into the receive
// queue (out-of-order ranges kept for SACK) and the peer's FIN.
#nullable enable
using System;
using Kiln.Linux;

namespace Kiln.Net.Tcp
{
    public sealed partial class TcpConnection
    {
        /// <summary>A segment for this connection, its checksum already verified.</summary>
        public void OnSegment(in TcpSegment segment, in TcpOptions options, ReadOnlySpan<byte> payload)
        {
            if (_owner == null || State == TcpState.Closed)
            {
                return;
            }
            if (payload.Length > segment.PayloadLength && segment.PayloadLength >= 0)
            {
                payload = payload.Slice(0, segment.PayloadLength);
            }
            int generation = _generation;
            if (State == TcpState.SynSent)
            {
                OnSegmentSynSent(segment, options, payload);
            }
            else
            {
                OnSegmentSynchronized(segment, options, payload);
            }
            Finish(generation);
        }

        /// <summary>An ICMP destination unreachable (or another hard error from below) for this connection: during
        /// the handshake it fails the connection with <paramref name="errno"/> (a positive Errno: ECONNREFUSED,
        /// EHOSTUNREACH ...); afterwards it is a soft error and the retransmission timer decides, as Linux does.</summary>
        public void OnUnreachable(long errno)
        {
            if (_owner == null || (State != TcpState.SynSent && State != TcpState.SynReceived))
            {
                return;
            }
            if (State == TcpState.SynSent || _wasActiveOpen)
            {
                SetError(errno);
            }
            EnterClosed();
        }

        /// <summary>RFC 9293 3.6.1 and Linux: a SYN that may reopen a connection in TIME-WAIT, because its sequence
        /// number (or timestamp) is past the old connection's. The stack then aborts this one and answers the SYN
        /// as a new passive open.</summary>
        public bool AcceptsNewSyn(in TcpSegment syn, in TcpOptions options)
        {
            if (State != TcpState.TimeWait || !syn.Has(TcpFlags.SYN) || syn.Has(TcpFlags.ACK) || syn.Has(TcpFlags.RST))
            {
                return false;
            }
            if (_timestampsEnabled && options.HasTimestamps && _tsRecentValid)
            {
                return TcpSequence.GreaterThan(options.TimestampValue, _tsRecent);
            }
            return TcpSequence.GreaterThan(syn.SequenceNumber, _rcvNxt);
        }

        private void OnSegmentSynSent(in TcpSegment segment, in TcpOptions options, ReadOnlySpan<byte> payload)
        {
            bool hasAck = segment.Has(TcpFlags.ACK);
            uint ack = segment.AcknowledgmentNumber;
            if (hasAck && (TcpSequence.LessOrEqual(ack, _iss) || TcpSequence.GreaterThan(ack, _sndMax)))
            {
                if (!segment.Has(TcpFlags.RST))
                {
                    SendReset(ack, false);
                }
                return;
            }
            if (segment.Has(TcpFlags.RST))
            {
                if (hasAck)
                {
                    SetError(Errno.ECONNREFUSED);
                    EnterClosed();
                }
                return;
            }
            if (!segment.Has(TcpFlags.SYN))
            {
                return;
            }
            long now = Now;
            AcceptSyn(segment, options);
            if (hasAck)
            {
                _sndWnd = segment.Window;   // RFC 7323 2.2: the window of a SYN is never scaled
                _sndWl1 = segment.SequenceNumber;
                _sndWl2 = ack;
                _maxSndWnd = Math.Max(_maxSndWnd, _sndWnd);
                OnAckAdvanced(ack, options, now);
                int generation = _generation;
                EnterEstablished(now);
                if (generation != _generation || State == TcpState.Closed)
                {
                    return;   // the owner closed or reused it from OnEstablished
                }
                SendAck();
                TrySend(now);
                return;
            }
            // Simultaneous open (RFC 9293 3.5, figure 8): both SYNs crossed; answer with SYN-ACK.
            State = TcpState.SynReceived;
            SendSyn();
            ArmRetransmit(now);
        }

        /// <summary>Takes the peer's initial sequence number and options from its SYN (RFC 7323 negotiation: an
        /// option is used only when both SYNs carry it; our SYN-ACK only repeats what the peer offered).</summary>
        private void AcceptSyn(in TcpSegment syn, in TcpOptions options)
        {
            _irs = syn.SequenceNumber;
            _rcvNxt = _irs + 1;
            _lastAckSent = _rcvNxt;
            int peerMss = options.HasMaximumSegmentSize ? options.MaximumSegmentSize : DefaultSendMss;
            _windowScaleNegotiated = options.HasWindowScale;
            if (_windowScaleNegotiated)
            {
                _sndWindowShift = Math.Min((int)options.WindowScale, MaxWindowScale);
            }
            else
            {
                _sndWindowShift = 0;
                _rcvWindowShift = 0;
            }
            _sackEnabled = options.SackPermitted;
            _timestampsEnabled = options.HasTimestamps;
            if (_timestampsEnabled)
            {
                _tsRecent = options.TimestampValue;
                _tsRecentValid = true;
            }
            int mss = Math.Max(Math.Min(peerMss, _routeMss), 64);
            _sendMss = mss - (_timestampsEnabled ? 12 : 0);
            _sndWnd = syn.Window;
            _maxSndWnd = _sndWnd;
            _sndWl1 = syn.SequenceNumber;
            _sndWl2 = syn.AcknowledgmentNumber;
            _largestReceivedSegment = Math.Min(DefaultSendMss, _routeMss);
            _rcvAdvertisedRight = _rcvNxt + (uint)SynWindow();
            InitialCongestionWindow();
        }

        private void EnterEstablished(long now)
        {
            State = TcpState.Established;
            _lastReceiveNs = now;
            _notify = true;
            if (_finQueued)
            {
                State = TcpState.FinWait1;
            }
            _owner!.OnEstablished(this);
        }

        private void OnSegmentSynchronized(in TcpSegment segment, in TcpOptions options, ReadOnlySpan<byte> payload)
        {
            long now = Now;
            uint seq = segment.SequenceNumber;
            bool syn = segment.Has(TcpFlags.SYN);
            bool fin = segment.Has(TcpFlags.FIN);
            bool rst = segment.Has(TcpFlags.RST);
            bool hasAck = segment.Has(TcpFlags.ACK);

            if (State == TcpState.SynReceived && syn && seq == _irs)
            {
                if (!hasAck)
                {
                    // The peer sent its SYN again: our SYN-ACK was lost.
                    SendSyn();
                    return;
                }
                // Simultaneous open: the peer's SYN-ACK repeats its SYN; take it as an ACK (as Linux does).
                if (TcpSequence.GreaterThan(segment.AcknowledgmentNumber, _sndUna)
                    && TcpSequence.LessOrEqual(segment.AcknowledgmentNumber, _sndMax))
                {
                    syn = false;
                    seq = _irs + 1;
                }
            }

            int segmentLength = payload.Length + (syn ? 1 : 0) + (fin ? 1 : 0);

            // PAWS (RFC 7323 5.3): an older timestamp than the last in-order one marks an old duplicate.
            if (_timestampsEnabled && options.HasTimestamps && _tsRecentValid && !rst
                && TcpSequence.LessThan(options.TimestampValue, _tsRecent))
            {
                SendAck();
                return;
            }

            uint window = ReceiveWindowNow();
            bool acceptable;
            bool dataAllowed = true;
            if (segmentLength == 0)
            {
                acceptable = window == 0 ? seq == _rcvNxt : TcpSequence.InWindow(seq, _rcvNxt, window);
            }
            else if (window == 0)
            {
                // RFC 9293 3.10.7.4: with a closed window still take valid ACKs and RSTs.
                acceptable = seq == _rcvNxt;
                dataAllowed = false;
            }
            else
            {
                acceptable = TcpSequence.InWindow(seq, _rcvNxt, window)
                    || TcpSequence.InWindow(seq + (uint)segmentLength - 1, _rcvNxt, window);
            }
            if (!acceptable)
            {
                if (!rst)
                {
                    if (State == TcpState.TimeWait && fin)
                    {
                        _stateDeadline = now + TcpTimeouts.TimeWait;
                    }
                    SendAck();
                }
                return;
            }

            _lastReceiveNs = now;
            _keepAliveProbes = 0;

            if (rst)
            {
                // RFC 5961 3.2: only an exact match resets; anything else in the window gets a challenge ACK.
                if (seq == _rcvNxt)
                {
                    OnReset();
                }
                else
                {
                    SendAck();
                }
                return;
            }
            if (syn)
            {
                // RFC 5961 4.2: a SYN in a synchronized state is answered with a challenge ACK.
                SendAck();
                return;
            }
            if (!hasAck)
            {
                return;
            }

            uint ack = segment.AcknowledgmentNumber;
            if (State == TcpState.SynReceived)
            {
                if (TcpSequence.LessOrEqual(ack, _sndUna) || TcpSequence.GreaterThan(ack, _sndMax))
                {
                    SendReset(ack, false);
                    return;
                }
                _sndWnd = (uint)segment.Window << _sndWindowShift;
                _maxSndWnd = Math.Max(_maxSndWnd, _sndWnd);
                _sndWl1 = seq;
                _sndWl2 = ack;
                OnAckAdvanced(ack, options, now);
                int generation = _generation;
                EnterEstablished(now);
                if (generation != _generation || State == TcpState.Closed)
                {
                    return;   // the owner closed or reused it from OnEstablished
                }
            }
            else if (!ProcessAck(segment, options, seq, ack, payload.Length, now))
            {
                return;
            }

            if (_finQueued && TcpSequence.GreaterThan(_sndUna, _finSeq))
            {
                switch (State)
                {
                    case TcpState.FinWait1:
                        State = TcpState.FinWait2;
                        _notify = true;
                        if (UserReleased)
                        {
                            _stateDeadline = now + TcpTimeouts.FinWait2;
                        }
                        break;
                    case TcpState.Closing:
                        EnterTimeWait(now);
                        break;
                    case TcpState.LastAck:
                        EnterClosed();
                        return;
                }
            }

            // RFC 7323 4.3: remember the timestamp of the segment that covers the last ACK we sent.
            if (_timestampsEnabled && options.HasTimestamps && TcpSequence.LessOrEqual(seq, _lastAckSent))
            {
                _tsRecent = options.TimestampValue;
                _tsRecentValid = true;
            }

            if (payload.Length > 0)
            {
                bool receiving = State == TcpState.Established || State == TcpState.FinWait1 || State == TcpState.FinWait2;
                if (!receiving || !dataAllowed)
                {
                    SendAck();
                }
                else if (UserReleased && TcpSequence.GreaterThan(seq + (uint)payload.Length, _rcvNxt))
                {
                    // Linux: new data for a connection the user already closed is answered with RST.
                    SendReset(_sndNxt, true);
                    EnterClosed();
                    return;
                }
                else
                {
                    ReceiveData(seq, payload, now);
                }
            }

            if (fin && dataAllowed)
            {
                uint finSeq = seq + (uint)payload.Length;
                if (TcpSequence.LessOrEqual(finSeq, ReceiveWindowRight()))
                {
                    _peerFinPending = true;
                    _peerFinSeq = finSeq;
                }
            }
            if (_peerFinPending && _peerFinSeq == _rcvNxt && !_finReceived)
            {
                OnPeerFin(now);
            }
            TrySend(now);
        }

        /// <summary>ACK processing for established and later states (RFC 9293 3.10.7.4, fifth check, with the RFC
        /// 5961 5.2 range check). False when the segment is to be dropped.</summary>
        private bool ProcessAck(in TcpSegment segment, in TcpOptions options, uint seq, uint ack, int payloadLength, long now)
        {
            if (TcpSequence.GreaterThan(ack, _sndMax))
            {
                SendAck();
                return false;
            }
            if (TcpSequence.LessThan(ack, _sndUna - _maxSndWnd))
            {
                SendAck();
                return false;
            }
            _persistProbes = 0;
            if (_sackEnabled && options.SackBlockCount > 0)
            {
                RecordSackBlocks(options, ack);
            }
            uint window = (uint)segment.Window << _sndWindowShift;
            if (TcpSequence.GreaterThan(ack, _sndUna))
            {
                OnAckAdvanced(ack, options, now);
            }
            else if (ack == _sndUna && payloadLength == 0 && !segment.Has(TcpFlags.FIN) && window == _sndWnd
                && _sndMax != _sndUna)
            {
                OnDuplicateAck(now);
            }
            // RFC 9293 3.10.7.4: take the window from the newest segment only.
            if (TcpSequence.LessThan(_sndWl1, seq) || (_sndWl1 == seq && TcpSequence.LessOrEqual(_sndWl2, ack)))
            {
                bool opened = window > _sndWnd;
                _sndWnd = window;
                _sndWl1 = seq;
                _sndWl2 = ack;
                if (window > _maxSndWnd)
                {
                    _maxSndWnd = window;
                }
                if (opened && window > 0)
                {
                    _persistBackoff = 0;
                    if (_persisting)
                    {
                        StopRetransmitTimer();
                    }
                }
            }
            return true;
        }

        /// <summary>New data (or our SYN or FIN) acknowledged: trim the send queue and scoreboard, take an RTT
        /// sample, grow the congestion window, move the retransmission timer (RFC 6298 5.2, 5.3).</summary>
        private void OnAckAdvanced(uint ack, in TcpOptions options, long now)
        {
            uint acked = ack - _sndUna;
            SampleRtt(ack, options, now);
            uint dataEnd = _sendQueueSeq + (uint)_sendQueue.Length;
            uint dataAcked = TcpSequence.Min(ack, dataEnd);
            if (TcpSequence.GreaterThan(dataAcked, _sendQueueSeq))
            {
                int count = (int)(dataAcked - _sendQueueSeq);
                _sendQueue.Discard(count);
                _sendQueueSeq += (uint)count;
                _notify = true;
            }
            _sndUna = ack;
            if (TcpSequence.LessThan(_sndNxt, _sndUna))
            {
                _sndNxt = _sndUna;
            }
            _scoreboard.RemoveBelow(ack);
            _retransmits = 0;
            _dupAcks = 0;
            OnCongestionAck(acked, ack, now);
            if (_sndMax == _sndUna)
            {
                StopRetransmitTimer();
            }
            else
            {
                ArmRetransmit(now);
            }
        }

        private void RecordSackBlocks(in TcpOptions options, uint ack)
        {
            for (int i = 0; i < options.SackBlockCount; i++)
            {
                TcpSackBlock block = options.GetSackBlock(i);
                uint left = TcpSequence.Max(block.Left, ack);
                uint right = TcpSequence.Min(block.Right, _sndMax);
                // Blocks below the cumulative ACK are D-SACKs (RFC 2883); blocks past what we sent are bogus.
                if (TcpSequence.LessThan(left, right) && TcpSequence.GreaterOrEqual(left, _sndUna))
                {
                    _scoreboard.Add(left, right);
                }
            }
        }

        private void OnReset()
        {
            switch (State)
            {
                case TcpState.SynReceived:
                    // A passive open that never completed: Linux drops it quietly (no error for anyone).
                    if (!UserReleased && _wasActiveOpen)
                    {
                        SetError(Errno.ECONNREFUSED);
                    }
                    break;
                case TcpState.Established:
                case TcpState.FinWait1:
                case TcpState.FinWait2:
                case TcpState.CloseWait:
                    SetError(Errno.ECONNRESET);
                    break;
                default:
                    // CLOSING, LAST-ACK, TIME-WAIT: the connection just goes.
                    break;
            }
            EnterClosed();
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
            // filling a hole, otherwise within 40 ms.
            if (hadHoles || _bytesSinceAck > _largestReceivedSegment)
            {
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
