// Congestion control and round-trip estimation: slow start and congestion avoidance (RFC 5681) from an initial
// window of ten segments (RFC 6928), fast retransmit on three duplicate ACKs, NewReno recovery (RFC 6582) or, with
// SACK, pipe-driven loss recovery (a simplified RFC 6675), and the RTO from SRTT and RTTVAR (RFC 6298) sampled
// from timestamps (RFC 7323 4) or by timing one segment at a time under Karn's rule.
#nullable enable
using System;

namespace Kiln.Net.Tcp
{
    public sealed partial class TcpConnection
    {
        private const int DuplicateAckThreshold = 3;
        private const uint MaxCongestionWindow = 1u << 30;

        private uint _cwnd;
        private uint _ssthresh;
        private uint _avoidanceBytes;
        private int _dupAcks;
        private bool _inRecovery;
        private uint _recover;
        private uint _highRxt;

        private long _srtt;
        private long _rttvar;
        private long _rto;
        private bool _rttValid;
        private bool _rttTiming;
        private uint _rttSeq;
        private long _rttStartNs;

        private void ResetCongestion()
        {
            _cwnd = 0;
            _ssthresh = MaxCongestionWindow;
            _avoidanceBytes = 0;
            _dupAcks = 0;
            _inRecovery = false;
            _recover = _iss;
            _highRxt = _iss;
            _srtt = 0;
            _rttvar = 0;
            _rto = TcpTimeouts.InitialRetransmission;
            _rttValid = false;
            _rttTiming = false;
            _rttSeq = 0;
            _rttStartNs = 0;
        }

        /// <summary>RFC 6928: min(10 * MSS, max(2 * MSS, 14600)).</summary>
        private void InitialCongestionWindow()
        {
            uint mss = (uint)_sendMss;
            _cwnd = Math.Min(10 * mss, Math.Max(2 * mss, 14600u));
        }

        private void OnCongestionAck(uint acked, uint ack, long now)
        {
            if (State == TcpState.SynSent || State == TcpState.SynReceived)
            {
                return;   // the ACK of our SYN is not data
            }
            uint mss = (uint)_sendMss;
            if (_inRecovery)
            {
                if (TcpSequence.GreaterOrEqual(ack, _recover))
                {
                    // Full acknowledgment (RFC 6582 3.2 step 3): deflate to ssthresh.
                    _inRecovery = false;
                    uint flight = _sndMax - _sndUna;
                    _cwnd = Math.Min(_ssthresh, Math.Max(flight, mss) + mss);
                    return;
                }
                // Partial acknowledgment: the next hole was lost too.
                if (TcpSequence.LessThan(_highRxt, _sndUna))
                {
                    _highRxt = _sndUna;
                }
                if (!_sackEnabled)
                {
                    RetransmitAt(_sndUna, now);
                    _cwnd = _cwnd > acked ? _cwnd - acked : 0;
                    if (acked >= mss)
                    {
                        _cwnd += mss;
                    }
                    _cwnd = Math.Max(_cwnd, mss);
                }
                return;
            }
            if (_cwnd < _ssthresh)
            {
                _cwnd += Math.Min(acked, mss);   // slow start, RFC 5681 3.1 (L = 1 SMSS)
            }
            else
            {
                _avoidanceBytes += acked;        // congestion avoidance: one MSS per window acknowledged
                if (_avoidanceBytes >= _cwnd)
                {
                    _avoidanceBytes -= _cwnd;
                    _cwnd += mss;
                }
            }
            if (_cwnd > MaxCongestionWindow)
            {
                _cwnd = MaxCongestionWindow;
            }
        }

        private void OnDuplicateAck(long now)
        {
            _dupAcks++;
            uint mss = (uint)_sendMss;
            if (_inRecovery)
            {
                if (!_sackEnabled)
                {
                    _cwnd += mss;   // RFC 6582 3.2 step 4: inflate by the segment that left
                }
                return;
            }
            bool sackSaysLost = _sackEnabled
                && _scoreboard.BytesBetween(_sndUna, _sndMax) > (uint)(DuplicateAckThreshold - 1) * mss;
            if (_dupAcks < DuplicateAckThreshold && !sackSaysLost)
            {
                return;
            }
            // RFC 6582 3.2 step 2: one fast retransmit per window (only when the ACK is past "recover").
            if (!TcpSequence.GreaterThan(_sndUna, _recover) && _recover != _iss)
            {
                return;
            }
            uint flightSize = _sndMax - _sndUna;
            _ssthresh = Math.Max(flightSize / 2, 2 * mss);
            _recover = _sndMax;
            _inRecovery = true;
            _highRxt = _sndUna;
            RetransmitAt(_sndUna, now);
            uint end = TcpSequence.Min(_scoreboard.NextLeftAfter(_sndUna, _sndUna + mss), _sndUna + mss);
            _highRxt = TcpSequence.Max(end, _sndUna);
            _cwnd = _sackEnabled ? _ssthresh : _ssthresh + DuplicateAckThreshold * mss;
        }

        /// <summary>RFC 5681 3.1 equation 4 and the loss window: after a timeout start again from one segment.</summary>
        private void OnCongestionTimeout()
        {
            uint mss = (uint)_sendMss;
            if (_retransmits == 1)
            {
                uint flightSize = _sndMax - _sndUna;
                _ssthresh = Math.Max(flightSize / 2, 2 * mss);
            }
            _cwnd = mss;
            _avoidanceBytes = 0;
            _inRecovery = false;
            _dupAcks = 0;
            _recover = _sndMax;
            _highRxt = _sndUna;
        }

        /// <summary>One RTT sample per ACK of new data: from the echoed timestamp (RFC 7323 4.1), or from the timed
        /// segment when it is acknowledged (RFC 6298 3, Karn's rule applied where retransmissions cancel timing).</summary>
        private void SampleRtt(uint ack, in TcpOptions options, long now)
        {
            if (_timestampsEnabled && options.HasTimestamps && options.TimestampEchoReply != 0)
            {
                uint elapsedMs = TimestampNow(now) - options.TimestampEchoReply;
                if (elapsedMs < 0x7FFF_FFFF)
                {
                    AddRttSample(Math.Max((long)elapsedMs * TcpTimeouts.Millisecond, TcpTimeouts.Millisecond));
                }
                return;
            }
            if (State == TcpState.SynSent || State == TcpState.SynReceived)
            {
                if (_retransmits == 0)
                {
                    AddRttSample(Math.Max(now - (_retransmitDeadline - _rto), TcpTimeouts.Millisecond));
                }
                return;
            }
            if (_rttTiming && TcpSequence.GreaterThan(ack, _rttSeq))
            {
                _rttTiming = false;
                AddRttSample(Math.Max(now - _rttStartNs, TcpTimeouts.Millisecond));
            }
        }

        private void AddRttSample(long rtt)
        {
            if (!_rttValid)
            {
                _srtt = rtt;
                _rttvar = rtt / 2;
                _rttValid = true;
            }
            else
            {
                long difference = _srtt > rtt ? _srtt - rtt : rtt - _srtt;
                _rttvar = (3 * _rttvar + difference) / 4;
                _srtt = (7 * _srtt + rtt) / 8;
            }
            long rto = _srtt + Math.Max(4 * _rttvar, TcpTimeouts.Millisecond);
            _rto = Math.Min(Math.Max(rto, TcpTimeouts.MinimumRetransmission), TcpTimeouts.MaximumRetransmission);
        }
    }
}
