// The connection's timers, folded into the one deadline its owner keeps: retransmission (RFC 6298, with Linux's
// retry limits), zero-window persist probes, delayed ACK, keep-alive (RFC 9293 3.8.4, Linux's idle/interval/count)
// and the state timers of TIME-WAIT and an orphaned FIN-WAIT-2.
#nullable enable
using System;
using Kiln.Linux;

namespace Kiln.Net.Tcp
{
    public sealed partial class TcpConnection
    {
        private long _retransmitDeadline;
        private bool _retransmitArmed;
        private bool _persisting;
        private int _retransmits;
        private int _persistProbes;
        private int _persistBackoff;
        private long _delayedAckDeadline;
        private long _stateDeadline;
        private long _lastReceiveNs;
        private int _keepAliveProbes;
        private long _scheduledDeadline;

        private void ResetTimers()
        {
            _retransmitDeadline = long.MaxValue;
            _retransmitArmed = false;
            _persisting = false;
            _retransmits = 0;
            _persistProbes = 0;
            _persistBackoff = 0;
            _delayedAckDeadline = long.MaxValue;
            _stateDeadline = long.MaxValue;
            _keepAliveProbes = 0;
            _lastReceiveNs = _environment != null ? _environment.NowNanoseconds : 0;
            if (_owner != null && _scheduledDeadline != long.MaxValue)
            {
                _owner.ScheduleTimer(this, long.MaxValue);
            }
            _scheduledDeadline = long.MaxValue;
        }

        /// <summary>The deadline given to ScheduleTimer passed: retransmission, delayed ACK, persist, keep-alive,
        /// TIME-WAIT, FIN-WAIT-2.</summary>
        public void OnTimer()
        {
            if (_owner == null || State == TcpState.Closed)
            {
                return;
            }
            int generation = _generation;
            long now = Now;
            _scheduledDeadline = long.MaxValue;
            if (_stateDeadline <= now)
            {
                _stateDeadline = long.MaxValue;
                if (State == TcpState.TimeWait)
                {
                    EnterClosed();
                    return;
                }
                if (State == TcpState.FinWait2 && UserReleased)
                {
                    // tcp_fin_timeout passed for an orphaned connection: Linux resets it.
                    SendReset(_sndNxt, true);
                    EnterClosed();
                    return;
                }
            }
            if (_delayedAckDeadline <= now)
            {
                SendAck();
            }
            if (_retransmitArmed && _retransmitDeadline <= now)
            {
                _retransmitArmed = false;
                _retransmitDeadline = long.MaxValue;
                if (_persisting)
                {
                    _persisting = false;
                    OnPersistTimeout(now);
                }
                else
                {
                    OnRetransmitTimeout(now);
                }
                if (generation != _generation || State == TcpState.Closed)
                {
                    return;
                }
            }
            long keepAlive = KeepAliveDeadline();
            if (keepAlive <= now)
            {
                OnKeepAliveTimeout(now);
                if (generation != _generation || State == TcpState.Closed)
                {
                    return;
                }
            }
            Finish(generation);
        }

        /// <summary>RFC 6298 5.4 to 5.7: send the earliest unacknowledged segment again, double the RTO, and after
        /// Linux's retry count give up with ETIMEDOUT. RFC 5681 3.1: the loss window is one segment.</summary>
        private void OnRetransmitTimeout(long now)
        {
            _retransmits++;
            int limit = State == TcpState.SynSent ? TcpTimeouts.SynRetries
                : State == TcpState.SynReceived ? TcpTimeouts.SynAckRetries
                : TcpTimeouts.DataRetries;
            if (_retransmits > limit)
            {
                if (State != TcpState.SynReceived || _wasActiveOpen)
                {
                    SetError(Errno.ETIMEDOUT);
                }
                EnterClosed();
                return;
            }
            _rto = Math.Min(_rto * 2, TcpTimeouts.MaximumRetransmission);
            _rttTiming = false;
            if (State == TcpState.SynSent || State == TcpState.SynReceived)
            {
                RetransmittedSegments++;
                SendSyn();
                ArmRetransmit(now);
                return;
            }
            OnCongestionTimeout();
            if (_retransmits > 1)
            {
                // A second timeout in a row: stop trusting SACK information (the peer may have reneged).
                _scoreboard.Clear();
            }
            _sndNxt = _sndUna;
            TrySend(now);
            if (!_retransmitArmed)
            {
                ArmRetransmit(now);
            }
        }

        /// <summary>The peer's window stayed closed: probe it, backing off like the RTO; give up after the data
        /// retry count of unanswered probes.</summary>
        private void OnPersistTimeout(long now)
        {
            uint queuedEnd = _sendQueueSeq + (uint)_sendQueue.Length;
            if (!TcpSequence.LessThan(_sndNxt, queuedEnd) || _sndMax != _sndUna)
            {
                TrySend(now);
                return;
            }
            uint windowEnd = _sndUna + _sndWnd;
            if (TcpSequence.LessThan(_sndNxt, windowEnd))
            {
                // Some window is open but too small for the usual rules: send what fits.
                TrySend(now, true);
                if (_sndMax != _sndUna)
                {
                    return;
                }
            }
            _persistProbes++;
            if (_persistProbes > TcpTimeouts.DataRetries)
            {
                SetError(Errno.ETIMEDOUT);
                SendReset(_sndNxt, true);
                EnterClosed();
                return;
            }
            SendProbe();
            _persistBackoff++;
            ArmPersist(now);
        }

        /// <summary>RFC 9293 3.8.4 and tcp(7): after KeepIdle seconds without a segment from the peer, probe every
        /// KeepInterval seconds; after KeepCount unanswered probes the connection is dead (ETIMEDOUT).</summary>
        private void OnKeepAliveTimeout(long now)
        {
            uint queuedEnd = _sendQueueSeq + (uint)_sendQueue.Length;
            if (_sndMax != _sndUna || TcpSequence.LessThan(_sndNxt, queuedEnd))
            {
                // Data in flight or waiting: the retransmission and persist timers watch the peer instead.
                _lastReceiveNs = now;
                _keepAliveProbes = 0;
                return;
            }
            if (_keepAliveProbes >= Math.Max(Options.KeepCount, 1))
            {
                SetError(Errno.ETIMEDOUT);
                SendReset(_sndNxt, true);
                EnterClosed();
                return;
            }
            _keepAliveProbes++;
            SendProbe();
        }

        private long KeepAliveDeadline()
        {
            if (!Options.KeepAlive || (State != TcpState.Established && State != TcpState.CloseWait))
            {
                return long.MaxValue;
            }
            long idle = Math.Max(Options.KeepIdleSeconds, 1) * TcpTimeouts.Second;
            long interval = Math.Max(Options.KeepIntervalSeconds, 1) * TcpTimeouts.Second;
            return _lastReceiveNs + idle + _keepAliveProbes * interval;
        }

        private void ArmRetransmit(long now)
        {
            _retransmitArmed = true;
            _persisting = false;
            _retransmitDeadline = now + _rto;
        }

        private void ArmPersist(long now)
        {
            long interval = _rto;
            for (int i = 0; i < _persistBackoff && interval < TcpTimeouts.MaximumRetransmission; i++)
            {
                interval *= 2;
            }
            interval = Math.Min(Math.Max(interval, TcpTimeouts.MinimumRetransmission), TcpTimeouts.MaximumRetransmission);
            _retransmitArmed = true;
            _persisting = true;
            _retransmitDeadline = now + interval;
        }

        private void StopRetransmitTimer()
        {
            _retransmitArmed = false;
            _persisting = false;
            _retransmitDeadline = long.MaxValue;
        }

        /// <summary>Tells the owner the earliest of the connection's deadlines, when it changed.</summary>
        private void UpdateTimer()
        {
            long deadline = _stateDeadline;
            if (_delayedAckDeadline < deadline)
            {
                deadline = _delayedAckDeadline;
            }
            if (_retransmitArmed && _retransmitDeadline < deadline)
            {
                deadline = _retransmitDeadline;
            }
            long keepAlive = KeepAliveDeadline();
            if (keepAlive < deadline)
            {
                deadline = keepAlive;
            }
            if (deadline != _scheduledDeadline)
            {
                _scheduledDeadline = deadline;
                _owner!.ScheduleTimer(this, deadline);
            }
        }
    }
}
