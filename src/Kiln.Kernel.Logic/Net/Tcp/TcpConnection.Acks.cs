// ACK processing (RFC 9293 3.10.7.4, fifth check): the RFC 5961 5.2 range check, SACK blocks into the scoreboard,
// new data acknowledged (send queue trimmed, RTT sampled, congestion window grown, RTO moved), duplicate ACKs, and
// the send window update rule.
#nullable enable
using System;

namespace Kiln.Net.Tcp
{
    public sealed partial class TcpConnection
    {
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
    }
}
