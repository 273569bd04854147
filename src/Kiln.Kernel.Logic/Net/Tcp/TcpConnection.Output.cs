// What to send and how: the send loop (new data within the congestion and peer windows, Nagle and TCP_CORK, sender
// silly-window avoidance, SACK holes during recovery, our FIN), pure ACKs with SACK blocks, RSTs, and the segment
// builder that copies payload straight from the send queue's chunks into the owner's transmit buffer.
#nullable enable
using System;

namespace Kiln.Net.Tcp
{
    public sealed partial class TcpConnection
    {
        private const long OutOfWindowAckInterval = 500 * TcpTimeouts.Millisecond;

        private long _lastOutOfWindowAckNs;

        private bool CanSendData =>
            State == TcpState.Established || State == TcpState.CloseWait || State == TcpState.FinWait1
            || State == TcpState.Closing || State == TcpState.LastAck;

        /// <summary>Sends what the windows, Nagle and cork allow: SACK holes first when in recovery, then data at
        /// SND.NXT, and FIN once the data before it is out.</summary>
        private void TrySend(long now) => TrySend(now, false);

        /// <param name="force">The persist timer's override (RFC 9293 3.8.6.2.1 d): the first segment goes out
        /// even if Nagle or sender SWS avoidance would hold it, so a small window left open is used.</param>
        private void TrySend(long now, bool force)
        {
            if (!CanSendData)
            {
                return;
            }
            for (int guard = 0; guard < 4096; guard++)
            {
                uint pipe = Pipe();
                uint cwndRoom = _cwnd > pipe ? _cwnd - pipe : 0;
                if (_inRecovery && _sackEnabled && NextSackHole(out uint holeSeq, out int holeLength))
                {
                    int length = (int)Math.Min((uint)holeLength, cwndRoom);
                    if (length <= 0)
                    {
                        break;
                    }
                    SendDataSegment(holeSeq, length, false, now);
                    RetransmittedSegments++;
                    _highRxt = holeSeq + (uint)length;
                    continue;
                }
                uint dataEnd = _sendQueueSeq + (uint)_sendQueue.Length;
                // Skip what the peer already holds (SACKed) when going over old ground after a timeout.
                while (TcpSequence.LessThan(_sndNxt, _sndMax))
                {
                    int index = _scoreboard.IndexOf(_sndNxt);
                    if (index < 0)
                    {
                        break;
                    }
                    _sndNxt = TcpSequence.Min(_scoreboard.RightAt(index), _sndMax);
                }
                bool retransmission = TcpSequence.LessThan(_sndNxt, _sndMax);
                uint available = TcpSequence.LessThan(_sndNxt, dataEnd) ? dataEnd - _sndNxt : 0;
                uint windowEnd = _sndUna + _sndWnd;
                uint windowRoom = TcpSequence.LessThan(_sndNxt, windowEnd) ? windowEnd - _sndNxt : 0;
                uint limit = Math.Min(available, (uint)_sendMss);
                if (retransmission)
                {
                    uint nextSacked = _scoreboard.NextLeftAfter(_sndNxt, _sndMax);
                    limit = Math.Min(limit, nextSacked - _sndNxt);
                }
                uint length32 = Math.Min(limit, Math.Min(cwndRoom, windowRoom));
                int len = (int)length32;
                bool fin = _finQueued && _sndNxt + length32 == _finSeq && len == (int)available;
                if (len == 0 && !fin)
                {
                    break;
                }
                if (fin && len == 0 && !retransmission && cwndRoom == 0 && _sndMax != _sndUna)
                {
                    break;
                }
                if (!retransmission && len < _sendMss && !fin && !force)
                {
                    // Nagle (RFC 9293 3.7.4) and TCP_CORK hold a partial segment while data is unacknowledged
                    // (or corked); sender SWS avoidance (3.8.6.2.1) holds a window-limited one unless it is at
                    // least half the largest window the peer offered.
                    if (Options.Cork)
                    {
                        break;
                    }
                    if (len < (int)available)
                    {
                        bool windowLimited = windowRoom <= cwndRoom && windowRoom < limit;
                        if (!windowLimited || length32 < _maxSndWnd / 2)
                        {
                            break;
                        }
                    }
                    else if (!Options.NoDelay && _sndMax != _sndUna)
                    {
                        break;
                    }
                }
                force = false;
                SendDataSegment(_sndNxt, len, fin, now);
                if (retransmission)
                {
                    RetransmittedSegments++;
                }
                else if (!_rttTiming && len > 0 && !_timestampsEnabled)
                {
                    _rttTiming = true;
                    _rttSeq = _sndNxt;
                    _rttStartNs = now;
                }
                _sndNxt += length32 + (fin ? 1u : 0u);
                if (TcpSequence.GreaterThan(_sndNxt, _sndMax))
                {
                    _sndMax = _sndNxt;
                }
                if (!_retransmitArmed || _persisting)
                {
                    ArmRetransmit(now);
                }
            }
            // Zero window with data waiting and nothing in flight: probe it (RFC 9293 3.8.6.1).
            uint queuedEnd = _sendQueueSeq + (uint)_sendQueue.Length;
            if (_sndMax == _sndUna && TcpSequence.LessThan(_sndNxt, queuedEnd) && !_retransmitArmed)
            {
                uint waiting = Math.Min(queuedEnd - _sndNxt, (uint)_sendMss);
                uint end = _sndUna + _sndWnd;
                uint room = TcpSequence.LessThan(_sndNxt, end) ? end - _sndNxt : 0;
                if (room < waiting)
                {
                    ArmPersist(now);
                }
            }
        }

        /// <summary>RFC 6675 NextSeg, rules 1 and 2 simplified: the first byte at or above HighRxt that is below the
        /// highest SACKed byte and not itself SACKed.</summary>
        private bool NextSackHole(out uint seq, out int length)
        {
            uint highest = _scoreboard.HighestRight(_sndUna);
            uint candidate = TcpSequence.Max(_highRxt, _sndUna);
            uint dataEnd = _sendQueueSeq + (uint)_sendQueue.Length;
            while (TcpSequence.LessThan(candidate, highest))
            {
                int index = _scoreboard.IndexOf(candidate);
                if (index >= 0)
                {
                    candidate = _scoreboard.RightAt(index);
                    continue;
                }
                uint end = TcpSequence.Min(_scoreboard.NextLeftAfter(candidate, highest), dataEnd);
                if (!TcpSequence.LessThan(candidate, end))
                {
                    break;
                }
                seq = candidate;
                length = (int)Math.Min(end - candidate, (uint)_sendMss);
                return true;
            }
            seq = 0;
            length = 0;
            return false;
        }

        /// <summary>Bytes believed to be in the network (RFC 6675 "pipe"): outside recovery what was sent and
        /// not acknowledged or SACKed; in SACK recovery the retransmitted holes plus what was sent above the
        /// highest SACK, the other holes counting as lost.</summary>
        private uint Pipe()
        {
            if (_inRecovery && _sackEnabled)
            {
                uint highest = _scoreboard.HighestRight(_sndUna);
                uint pipe = 0;
                if (TcpSequence.GreaterThan(_highRxt, _sndUna))
                {
                    uint top = TcpSequence.Min(_highRxt, highest);
                    if (TcpSequence.GreaterThan(top, _sndUna))
                    {
                        pipe += top - _sndUna - _scoreboard.BytesBetween(_sndUna, top);
                    }
                }
                if (TcpSequence.GreaterThan(_sndNxt, highest))
                {
                    pipe += _sndNxt - highest;
                }
                return pipe;
            }
            uint flight = _sndNxt - _sndUna;
            if (_sackEnabled && _scoreboard.Count > 0)
            {
                flight -= Math.Min(flight, _scoreboard.BytesBetween(_sndUna, _sndNxt));
            }
            return flight;
        }

        /// <summary>Sends the segment that starts at <paramref name="seq"/> again (fast retransmit, partial ACK):
        /// up to one MSS, stopping at the next SACKed range; FIN when only FIN is outstanding there.</summary>
        private void RetransmitAt(uint seq, long now)
        {
            uint dataEnd = _sendQueueSeq + (uint)_sendQueue.Length;
            uint available = TcpSequence.LessThan(seq, dataEnd) ? dataEnd - seq : 0;
            uint limit = Math.Min(available, (uint)_sendMss);
            // Only what went out before: bytes past SND.MAX are new data, and TrySend alone sends those.
            uint sent = TcpSequence.LessThan(seq, _sndMax) ? _sndMax - seq : 0;
            limit = Math.Min(limit, sent);
            limit = Math.Min(limit, _scoreboard.NextLeftAfter(seq, seq + limit) - seq);
            bool fin = _finQueued && seq + limit == _finSeq && TcpSequence.LessThan(_finSeq, _sndMax);
            if (limit == 0 && !fin)
            {
                return;
            }
            SendDataSegment(seq, (int)limit, fin, now);
            RetransmittedSegments++;
            if (_rttTiming && TcpSequence.LessOrEqual(seq, _rttSeq))
            {
                _rttTiming = false;   // Karn: never time a retransmitted segment
            }
        }

        private void SendDataSegment(uint seq, int length, bool fin, long now)
        {
            byte flags = TcpFlags.ACK;
            if (fin)
            {
                flags |= TcpFlags.FIN;
            }
            uint dataEnd = _sendQueueSeq + (uint)_sendQueue.Length;
            if (length > 0 && seq + (uint)length == dataEnd)
            {
                flags |= TcpFlags.PSH;
            }
            SegmentsSent++;
            if (length > 0 && now - _lastDataReceivedNs < TcpTimeouts.DelayedAck)
            {
                _pingPong = true;   // Linux: data sent soon after data received is an interactive exchange
            }
            Transmit(seq, flags, length, now);
        }

        private void SendSyn()
        {
            byte flags = State == TcpState.SynSent ? TcpFlags.SYN : (byte)(TcpFlags.SYN | TcpFlags.ACK);
            SegmentsSent++;
            Transmit(_iss, flags, 0, Now);
        }

        /// <summary>An ACK now (delayed ACK due, out-of-order data, window update, challenge ACK).</summary>
        private void SendAck()
        {
            if (State == TcpState.SynSent || State == TcpState.Closed)
            {
                return;
            }
            if (State == TcpState.SynReceived)
            {
                SendSyn();
                return;
            }
            Transmit(AcceptableSequence(), TcpFlags.ACK, 0, Now);
        }

        /// <summary>Linux's tcp_invalid_ratelimit: answers to out-of-window or challenged segments that carry no
        /// data go out at most every 500 ms, which ends ACK wars (two sides each finding the other's ACKs outside
        /// a closed window) and bounds what a blind attacker can draw out (RFC 5961 7).</summary>
        private void SendOutOfWindowAck(long now, bool limited)
        {
            if (limited && now - _lastOutOfWindowAckNs < OutOfWindowAckInterval)
            {
                return;
            }
            if (limited)
            {
                _lastOutOfWindowAckNs = now;
            }
            SendAck();
        }

        /// <summary>Linux's tcp_acceptable_seq: the highest sequence sent (SND.NXT in Linux, which never goes back;
        /// ours does after a timeout, and a pure ACK from behind the peer's RCV.NXT would be dropped by it), or the
        /// right edge of the peer's window when that went past it, so a pure ACK or RST stays where the peer
        /// accepts it.</summary>
        private uint AcceptableSequence()
        {
            uint windowEnd = _sndUna + _sndWnd;
            return TcpSequence.GreaterThan(_sndMax, windowEnd) && TcpSequence.GreaterOrEqual(windowEnd, _sndNxt)
                ? windowEnd
                : _sndMax;
        }

        /// <summary>A probe the peer must answer with an ACK: sequence SND.UNA - 1, no data (as Linux sends for
        /// keep-alive and zero-window probes).</summary>
        private void SendProbe()
        {
            Transmit(_sndUna - 1, TcpFlags.ACK, 0, Now);
        }

        /// <summary>RST with <paramref name="seq"/>; with <paramref name="withAck"/> it also acknowledges RCV.NXT.</summary>
        private void SendReset(uint seq, bool withAck)
        {
            Transmit(seq, withAck ? (byte)(TcpFlags.RST | TcpFlags.ACK) : TcpFlags.RST, 0, Now);
        }

        /// <summary>Builds one segment into the owner's buffer: header, options (SYN options, timestamps, SACK
        /// blocks), payload copied from the send queue, checksum.</summary>
        private void Transmit(uint seq, byte flags, int payloadLength, long now)
        {
            TcpConnectionOwner owner = _owner!;
            bool syn = (flags & TcpFlags.SYN) != 0;
            bool rst = (flags & TcpFlags.RST) != 0;
            bool ack = (flags & TcpFlags.ACK) != 0;
            TcpOptions options = default;
            if (syn)
            {
                bool active = State == TcpState.SynSent;
                options.HasMaximumSegmentSize = true;
                options.MaximumSegmentSize = (ushort)Math.Min(_routeMss, 65535);
                if (active || _windowScaleNegotiated)
                {
                    options.HasWindowScale = true;
                    options.WindowScale = (byte)_rcvWindowShift;
                }
                options.SackPermitted = active || _sackEnabled;
                if (active || _timestampsEnabled)
                {
                    options.HasTimestamps = true;
                    options.TimestampValue = TimestampNow(now);
                    options.TimestampEchoReply = active ? 0 : _tsRecent;
                }
            }
            else if (_timestampsEnabled && !rst)
            {
                options.HasTimestamps = true;
                options.TimestampValue = TimestampNow(now);
                options.TimestampEchoReply = _tsRecent;
            }
            if (!syn && !rst && _sackEnabled && _outOfOrder.Count > 0)
            {
                AddSackBlocks(ref options);
                if (payloadLength + options.EncodedLength() > _routeMss)
                {
                    // The blocks would push a full-sized segment past the route's MTU, and TCP sends with DF set.
                    // Linux shrinks the MSS while SACK blocks are due; this segment goes without them instead,
                    // and the next pure ACK carries them.
                    options.SackBlockCount = 0;
                }
            }

            // Ask for the header this segment really has, not the 60-byte maximum: a full loopback segment (64 KiB
            // MTU) plus 60 bytes would not fit a 65,535-byte datagram, and the owner would refuse every one.
            int segmentLength = TcpSegment.MinHeaderSize + options.EncodedLength() + payloadLength;
            Span<byte> buffer = owner.BeginTransmit(this, segmentLength);
            if (buffer.Length < segmentLength)
            {
                // No buffer: the segment is lost, and the timers send it again.
                if (ack)
                {
                    NoteAckSent();
                }
                return;
            }
            TcpSegment header = default;
            header.SourcePort = LocalPort;
            header.DestinationPort = RemotePort;
            header.SequenceNumber = seq;
            header.AcknowledgmentNumber = ack ? _rcvNxt : 0;
            header.Flags = flags;
            header.Window = rst ? (ushort)0 : syn ? (ushort)SynWindow() : WindowField();
            TcpSegment.Build(buffer, header, options, ReadOnlySpan<byte>.Empty, LocalAddress, RemoteAddress, out int headerLength);
            int total = headerLength + payloadLength;
            if (payloadLength > 0)
            {
                _sendQueue.CopyOut((int)(seq - _sendQueueSeq), buffer.Slice(headerLength, payloadLength));
                BigEndian.WriteUInt16(buffer.Slice(16), 0);
                ushort checksum = TransportChecksum.Compute(
                    LocalAddress, RemoteAddress, TransportChecksum.ProtocolTcp, buffer.Slice(0, total));
                BigEndian.WriteUInt16(buffer.Slice(16), checksum);
            }
            owner.EndTransmit(this, total);
            if (ack)
            {
                NoteAckSent();
            }
        }

        private void NoteAckSent()
        {
            _lastAckSent = _rcvNxt;
            _bytesSinceAck = 0;
            _delayedAckDeadline = long.MaxValue;
        }

        /// <summary>SACK blocks (RFC 2018 4): the block holding the latest out-of-order segment first, then the
        /// others from the highest down; three fit beside timestamps, four without.</summary>
        private void AddSackBlocks(ref TcpOptions options)
        {
            int max = _timestampsEnabled ? 3 : 4;
            int first = _outOfOrder.IndexOf(_lastOutOfOrderSeq);
            if (first >= 0)
            {
                options.AddSackBlock(new TcpSackBlock(_outOfOrder.LeftAt(first), _outOfOrder.RightAt(first)));
            }
            for (int i = _outOfOrder.Count - 1; i >= 0 && options.SackBlockCount < max; i--)
            {
                if (i != first)
                {
                    options.AddSackBlock(new TcpSackBlock(_outOfOrder.LeftAt(i), _outOfOrder.RightAt(i)));
                }
            }
        }

        private uint TimestampNow(long now) => (uint)(now / TcpTimeouts.Millisecond) + _tsOffset;

        /// <summary>The window in our SYN or SYN-ACK: never scaled (RFC 7323 2.2).</summary>
        private int SynWindow() => Math.Min(Math.Max(Options.ReceiveBufferSize, 0), 65535);

        /// <summary>The window we may offer now: free receive buffer, held back until it is worth a segment
        /// (receiver SWS avoidance, RFC 9293 3.8.6.2.2), rounded down to the scale unit.</summary>
        private uint OfferableWindow()
        {
            int buffer = Math.Min(Math.Max(Options.ReceiveBufferSize, 0), _receiveQueue.Capacity);
            int free = buffer - _receiveQueue.Length;
            if (free < Math.Min(buffer / 2, _routeMss))
            {
                free = 0;
            }
            long maxWindow = 65535L << _rcvWindowShift;
            if (free > maxWindow)
            {
                free = (int)maxWindow;
            }
            return (uint)free >> _rcvWindowShift << _rcvWindowShift;
        }

        /// <summary>The window field to send; moves the advertised right edge, never to the left (RFC 9293 3.8.6.2.2).</summary>
        private ushort WindowField()
        {
            uint right = _rcvNxt + OfferableWindow();
            if (TcpSequence.LessThan(right, _rcvAdvertisedRight))
            {
                right = _rcvAdvertisedRight;
            }
            uint window = right - _rcvNxt;
            uint field = window >> _rcvWindowShift;
            if (field > 65535)
            {
                field = 65535;
            }
            _rcvAdvertisedRight = _rcvNxt + (field << _rcvWindowShift);
            if (TcpSequence.LessThan(_rcvAdvertisedRight, right))
            {
                // The rounded edge fell short of an edge offered before: keep the earlier promise for acceptance.
                _rcvAdvertisedRight = right;
            }
            return (ushort)field;
        }

        private uint ReceiveWindowRight() => TcpSequence.Max(_rcvAdvertisedRight, _rcvNxt);

        private uint ReceiveWindowNow() => ReceiveWindowRight() - _rcvNxt;

        /// <summary>After the user read: tell the peer when the window opened enough to matter (Linux
        /// tcp_cleanup_rbuf: at least doubled and by at least a segment).</summary>
        private void MaybeSendWindowUpdate()
        {
            if (State != TcpState.Established && State != TcpState.FinWait1 && State != TcpState.FinWait2)
            {
                return;
            }
            uint current = ReceiveWindowNow();
            uint offer = OfferableWindow();
            if (offer > current && offer - current >= (uint)_routeMss && offer >= 2 * current)
            {
                SendAck();
            }
        }
    }
}
