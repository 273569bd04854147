// One TCP connection (a transmission control block, RFC 9293 3.3.1): its endpoints, the user calls (send, receive,
// shutdown, close) and readiness. The state machine is split by concern: TcpConnection.Input.cs (segment arrival,
// RFC 9293 3.10.7), .Output.cs (what to send and building segments), .Timers.cs (RTO, delayed ACK, persist,
// keep-alive, TIME-WAIT), .Congestion.cs (RFC 5681/6582/6675 and RTT estimation, RFC 6298).
#nullable enable
using System;
using Kiln.Linux;

namespace Kiln.Net.Tcp
{
    public sealed partial class TcpConnection
    {
        public uint LocalAddress;
        public ushort LocalPort;
        public uint RemoteAddress;
        public ushort RemotePort;

        /// <summary>Settings from setsockopt; read on every decision, so changes apply at once (call
        /// OptionsChanged after a change so timers and corked data are looked at again).</summary>
        public TcpConnectionOptions Options = TcpConnectionOptions.Default;

        /// <summary>Fields the owner (the stack) uses for its own lists: hash chain, accept or timer queue, and
        /// whatever object it wants to find from the connection (the listener of a passive open). Initialize leaves
        /// them alone.</summary>
        public TcpConnection? OwnerNext;
        public TcpConnection? OwnerPrevious;
        public object? OwnerData;
        public long OwnerDeadline;

        public TcpState State { get; private set; }

        /// <summary>True once the user closed the connection (Close or Abort): it will not call it again.</summary>
        public bool UserReleased { get; private set; }

        /// <summary>The largest window scale shift Linux offers (RFC 7323 allows 14).</summary>
        private const int MaxWindowScale = 14;

        /// <summary>The receive buffer our window scale is chosen for, so a later, larger SO_RCVBUF still fits.</summary>
        private const int WindowScaleBasis = 4 << 20;

        /// <summary>RFC 9293 3.7.1: the send MSS when the peer gives no MSS option.</summary>
        private const int DefaultSendMss = 536;

        private TcpConnectionOwner? _owner;
        private NetEnvironment? _environment;
        private readonly TcpChunkRing _sendQueue = new TcpChunkRing();
        private readonly TcpChunkRing _receiveQueue = new TcpChunkRing();
        private readonly TcpRangeList _outOfOrder = new TcpRangeList();
        private readonly TcpRangeList _scoreboard = new TcpRangeList();
        private int _generation;

        // Send sequence space (RFC 9293 3.3.1). _sndMax is the highest sequence ever sent: after a timeout _sndNxt
        // goes back to _sndUna and climbs again. _sendQueueSeq is the sequence number of the send queue's first byte.
        private uint _iss;
        private uint _sndUna;
        private uint _sndNxt;
        private uint _sndMax;
        private uint _sndWnd;
        private uint _maxSndWnd;
        private uint _sndWl1;
        private uint _sndWl2;
        private uint _sendQueueSeq;

        // Receive sequence space. _rcvAdvertisedRight is RCV.NXT + RCV.WND as last advertised: never moved left.
        private uint _irs;
        private uint _rcvNxt;
        private uint _rcvAdvertisedRight;
        private int _bytesSinceAck;
        private int _largestReceivedSegment;
        private uint _lastOutOfOrderSeq;

        // Negotiated options.
        private int _routeMss;
        private int _sendMss;
        private int _sndWindowShift;
        private int _rcvWindowShift;
        private bool _sackEnabled;
        private bool _timestampsEnabled;
        private bool _tsRecentValid;
        private uint _tsRecent;
        private uint _tsOffset;
        private uint _lastAckSent;

        // Shutdown and FIN.
        private bool _finQueued;
        private uint _finSeq;
        private bool _finReceived;
        private bool _peerFinPending;
        private uint _peerFinSeq;
        private bool _readShut;
        private long _error;

        private bool _wasActiveOpen;
        private bool _closedSignaled;
        private bool _releasableSignaled;
        private bool _notify;

        /// <summary>Segments sent again (timeouts, fast retransmit, recovery): what tests compare.</summary>
        public int RetransmittedSegments { get; private set; }

        /// <summary>Segments that went out with data, SYN or FIN, first transmissions and retransmissions.</summary>
        public int SegmentsSent { get; private set; }

        /// <summary>The effective send MSS: payload bytes per full segment (the peer's MSS, route-clamped, less
        /// the timestamp option).</summary>
        public int SendMss => _sendMss;

        public uint CongestionWindow => _cwnd;

        public uint SendWindow => _sndWnd;

        public long RetransmissionTimeoutNanoseconds => _rto;

        public long SmoothedRttNanoseconds => _srtt;

        public bool WindowScalingEnabled => _windowScaleNegotiated;

        public bool SackEnabled => _sackEnabled;

        public bool TimestampsEnabled => _timestampsEnabled;

        private bool _windowScaleNegotiated;

        /// <summary>Resets every field for a new connection (connections are pooled) and sets its endpoints and the
        /// largest segment the route allows (interface MTU less the IPv4 and TCP headers). Options go back to the
        /// defaults: set them after Initialize.</summary>
        public void Initialize(
            TcpConnectionOwner owner, NetEnvironment environment, uint localAddress, ushort localPort,
            uint remoteAddress, ushort remotePort, int maximumSegmentSize)
        {
            if (_owner != null)
            {
                // A pooled connection: give back anything its previous life still held.
                _sendQueue.Clear();
                _receiveQueue.Clear();
            }
            _generation++;
            _owner = owner;
            _environment = environment;
            if (owner.Chunks == null)
            {
                owner.Chunks = new TcpChunkPool();
            }
            LocalAddress = localAddress;
            LocalPort = localPort;
            RemoteAddress = remoteAddress;
            RemotePort = remotePort;
            Options = TcpConnectionOptions.Default;
            State = TcpState.Closed;
            UserReleased = false;

            _outOfOrder.Clear();
            _scoreboard.Clear();
            ulong random = environment.NextRandom();
            _iss = (uint)random;
            _tsOffset = (uint)(random >> 32);
            _sndUna = _iss;
            _sndNxt = _iss;
            _sndMax = _iss;
            _sndWnd = 0;
            _maxSndWnd = 0;
            _sndWl1 = 0;
            _sndWl2 = 0;
            _sendQueueSeq = _iss + 1;
            _irs = 0;
            _rcvNxt = 0;
            _rcvAdvertisedRight = 0;
            _bytesSinceAck = 0;
            _largestReceivedSegment = 0;
            _lastOutOfOrderSeq = 0;

            _routeMss = maximumSegmentSize < 64 ? 64 : maximumSegmentSize;
            _sendMss = Math.Min(DefaultSendMss, _routeMss);
            _sndWindowShift = 0;
            _rcvWindowShift = 0;
            _windowScaleNegotiated = false;
            _sackEnabled = false;
            _timestampsEnabled = false;
            _tsRecentValid = false;
            _tsRecent = 0;
            _lastAckSent = 0;

            _finQueued = false;
            _finSeq = 0;
            _finReceived = false;
            _peerFinPending = false;
            _peerFinSeq = 0;
            _readShut = false;
            _error = 0;
            _wasActiveOpen = false;
            _closedSignaled = false;
            _releasableSignaled = false;
            _notify = false;
            RetransmittedSegments = 0;
            SegmentsSent = 0;

            ResetTimers();
            ResetCongestion();
            ConfigureQueues();
        }

        /// <summary>Active open: sends SYN and enters SYN-SENT.</summary>
        public void OpenActive()
        {
            if (_owner == null || State != TcpState.Closed || _closedSignaled)
            {
                return;
            }
            int generation = _generation;
            _rcvWindowShift = ChooseWindowShift();
            State = TcpState.SynSent;
            _wasActiveOpen = true;
            _sndNxt = _iss + 1;
            _sndMax = _sndNxt;
            SendSyn();
            ArmRetransmit(Now);
            Finish(generation);
        }

        /// <summary>Passive open from a listener's SYN: sends SYN-ACK and enters SYN-RECEIVED.</summary>
        public void OpenPassive(in TcpSegment syn, in TcpOptions synOptions)
        {
            if (_owner == null || State != TcpState.Closed || _closedSignaled)
            {
                return;
            }
            int generation = _generation;
            _rcvWindowShift = ChooseWindowShift();
            AcceptSyn(syn, synOptions);
            State = TcpState.SynReceived;
            _sndNxt = _iss + 1;
            _sndMax = _sndNxt;
            SendSyn();
            ArmRetransmit(Now);
            Finish(generation);
        }

        /// <summary>Queues data: bytes accepted (may be fewer than asked), -EAGAIN when the send buffer is full or
        /// the handshake is still running (wait for EPOLLOUT), -EPIPE after shutdown or FIN, the pending error after
        /// a reset.</summary>
        public long Send(ReadOnlySpan<byte> data)
        {
            if (_owner == null)
            {
                return -Errno.ENOTCONN;
            }
            if (_error != 0)
            {
                return TakeError();
            }
            if (_finQueued)
            {
                return -Errno.EPIPE;
            }
            if (State == TcpState.SynSent || State == TcpState.SynReceived)
            {
                return -Errno.EAGAIN;
            }
            if (State != TcpState.Established && State != TcpState.CloseWait)
            {
                return -Errno.EPIPE;
            }
            if (data.Length == 0)
            {
                return 0;
            }
            int generation = _generation;
            ConfigureQueues();
            int taken = _sendQueue.Append(data, Math.Max(Options.SendBufferSize, 1));
            if (taken == 0)
            {
                return -Errno.EAGAIN;
            }
            TrySend(Now);
            Finish(generation);
            return taken;
        }

        /// <summary>Takes (or with <paramref name="peek"/> copies) received data: bytes, 0 at the end of the stream,
        /// -EAGAIN when none yet, the pending error after a reset.</summary>
        public long Receive(Span<byte> destination, bool peek)
        {
            if (_owner == null)
            {
                return -Errno.ENOTCONN;
            }
            int readable = _receiveQueue.Length;
            if (readable > 0)
            {
                if (destination.Length == 0)
                {
                    return 0;
                }
                int count = Math.Min(readable, destination.Length);
                _receiveQueue.CopyOut(0, destination.Slice(0, count));
                if (!peek)
                {
                    int generation = _generation;
                    _receiveQueue.Discard(count);
                    MaybeSendWindowUpdate();
                    Finish(generation);
                }
                return count;
            }
            if (_error != 0)
            {
                return TakeError();
            }
            if (_finReceived || _readShut || State == TcpState.Closed || destination.Length == 0)
            {
                return 0;
            }
            return -Errno.EAGAIN;
        }

        /// <summary>shutdown(2): stop reading, writing (queues FIN), or both.</summary>
        public long Shutdown(bool read, bool write)
        {
            if (_owner == null || State == TcpState.Closed)
            {
                return -Errno.ENOTCONN;
            }
            int generation = _generation;
            if (read && !_readShut)
            {
                _readShut = true;
                _notify = true;
            }
            if (write && !_finQueued)
            {
                QueueFin();
                _notify = true;
                TrySend(Now);
            }
            Finish(generation);
            return 0;
        }

        /// <summary>The user's close: FIN after queued data, or RST when received data was left unread (RFC 9293
        /// 3.10.4, as Linux does). The user never touches the connection again.</summary>
        public void Close()
        {
            if (_owner == null || UserReleased)
            {
                return;
            }
            int generation = _generation;
            UserReleased = true;
            bool unread = _receiveQueue.Length > 0;
            _receiveQueue.Clear();
            _outOfOrder.Clear();
            switch (State)
            {
                case TcpState.Closed:
                    SignalReleasable();
                    return;
                case TcpState.SynSent:
                    EnterClosed();
                    return;
                case TcpState.SynReceived:
                case TcpState.Established:
                case TcpState.CloseWait:
                    if (unread)
                    {
                        SendReset(_sndNxt, true);
                        EnterClosed();
                        return;
                    }
                    if (!_finQueued)
                    {
                        QueueFin();
                    }
                    TrySend(Now);
                    break;
                case TcpState.FinWait2:
                    if (unread)
                    {
                        SendReset(_sndNxt, true);
                        EnterClosed();
                        return;
                    }
                    _stateDeadline = Now + TcpTimeouts.FinWait2;
                    break;
                default:
                    if (unread && State != TcpState.TimeWait)
                    {
                        SendReset(_sndNxt, true);
                        EnterClosed();
                        return;
                    }
                    break;
            }
            Finish(generation);
        }

        /// <summary>RST now and CLOSED (SO_LINGER with a zero timeout, or an error).</summary>
        public void Abort()
        {
            if (_owner == null)
            {
                return;
            }
            UserReleased = true;
            _receiveQueue.Clear();
            switch (State)
            {
                case TcpState.Closed:
                    SignalReleasable();
                    return;
                case TcpState.SynReceived:
                case TcpState.Established:
                case TcpState.FinWait1:
                case TcpState.FinWait2:
                case TcpState.CloseWait:
                    SendReset(_sndNxt, true);
                    break;
            }
            EnterClosed();
        }

        /// <summary>Looks at the options again after setsockopt changed them: uncorked or no-delay data goes out,
        /// keep-alive timers move, a bigger receive buffer opens the window.</summary>
        public void OptionsChanged()
        {
            if (_owner == null || State == TcpState.Closed)
            {
                return;
            }
            int generation = _generation;
            ConfigureQueues();
            TrySend(Now);
            MaybeSendWindowUpdate();
            Finish(generation);
        }

        /// <summary>Readiness as Linux poll bits (tcp_poll): EPOLLIN (data or FIN), EPOLLOUT (connected, room to
        /// send), EPOLLRDHUP (peer's FIN), EPOLLHUP (both directions shut or reset), EPOLLERR (pending error).</summary>
        public uint PollEvents
        {
            get
            {
                uint mask = 0;
                bool closed = State == TcpState.Closed;
                bool receiveShut = _finReceived || _readShut || closed;
                bool sendShut = _finQueued || closed;
                if ((receiveShut && sendShut) || closed)
                {
                    mask |= Kiln.Linux.PollEvents.EPOLLHUP;
                }
                if (receiveShut)
                {
                    mask |= Kiln.Linux.PollEvents.Readable | Kiln.Linux.PollEvents.EPOLLRDHUP;
                }
                if (State != TcpState.SynSent && State != TcpState.SynReceived)
                {
                    if (_receiveQueue.Length > 0)
                    {
                        mask |= Kiln.Linux.PollEvents.Readable;
                    }
                    if (sendShut)
                    {
                        mask |= Kiln.Linux.PollEvents.Writable;
                    }
                    else
                    {
                        int queued = _sendQueue.Length;
                        int free = Options.SendBufferSize - queued;
                        if (free > 0 && free >= queued / 2)
                        {
                            mask |= Kiln.Linux.PollEvents.Writable;
                        }
                    }
                }
                if (_error != 0)
                {
                    mask |= Kiln.Linux.PollEvents.EPOLLERR;
                }
                return mask;
            }
        }

        /// <summary>SO_ERROR: the pending error as a negative errno (ECONNREFUSED, ECONNRESET, ETIMEDOUT ...), cleared.</summary>
        public long TakeError()
        {
            long error = _error;
            _error = 0;
            return error;
        }

        /// <summary>FIONREAD: bytes ready to read.</summary>
        public int ReadableBytes => _receiveQueue.Length;

        /// <summary>TIOCOUTQ: bytes queued and not yet acknowledged.</summary>
        public int UnacknowledgedBytes => _sendQueue.Length;

        /// <summary>Chunks this connection holds from the pool (both queues).</summary>
        public int ChunksHeld => _sendQueue.ChunksHeld + _receiveQueue.ChunksHeld;

        private long Now => _environment!.NowNanoseconds;

        private void ConfigureQueues()
        {
            TcpChunkPool pool = _owner!.Chunks!;
            _sendQueue.Configure(pool, Math.Max(Options.SendBufferSize, 1));
            _receiveQueue.Configure(pool, Math.Max(Options.ReceiveBufferSize, 1));
        }

        private int ChooseWindowShift()
        {
            long basis = Math.Max(Options.ReceiveBufferSize, WindowScaleBasis);
            int shift = 0;
            while (shift < MaxWindowScale && (65535L << shift) < basis)
            {
                shift++;
            }
            return shift;
        }

        private void QueueFin()
        {
            _finQueued = true;
            _finSeq = _sendQueueSeq + (uint)_sendQueue.Length;
            if (State == TcpState.Established)
            {
                State = TcpState.FinWait1;
            }
            else if (State == TcpState.CloseWait)
            {
                State = TcpState.LastAck;
            }
        }

        private void SetError(long errno)
        {
            _error = -errno;
            _notify = true;
        }

        /// <summary>Enters CLOSED: timers stop, queued data goes back to the pool, the owner hears OnEvents,
        /// OnClosed and (if the user let go) OnReleasable. Callers return right after it: the owner may reuse the
        /// connection from inside OnReleasable.</summary>
        private void EnterClosed()
        {
            State = TcpState.Closed;
            ResetTimers();
            _sendQueue.Clear();
            _scoreboard.Clear();
            _outOfOrder.Clear();
            if (UserReleased)
            {
                _receiveQueue.Clear();
            }
            else
            {
                _receiveQueue.ForgetBeyondLength();
            }
            TcpConnectionOwner owner = _owner!;
            if (_scheduledDeadline != long.MaxValue)
            {
                _scheduledDeadline = long.MaxValue;
                owner.ScheduleTimer(this, long.MaxValue);
            }
            int generation = _generation;
            _notify = false;
            owner.OnEvents(this, PollEvents);
            if (generation != _generation)
            {
                return;
            }
            if (!_closedSignaled)
            {
                _closedSignaled = true;
                owner.OnClosed(this);
                if (generation != _generation)
                {
                    return;
                }
            }
            SignalReleasable();
        }

        private void SignalReleasable()
        {
            if (UserReleased && _closedSignaled && !_releasableSignaled)
            {
                _releasableSignaled = true;
                _receiveQueue.Clear();
                _owner!.OnReleasable(this);
            }
        }

        /// <summary>The end of every entry point: moves the owner's timer and reports readiness changes, unless the
        /// connection was closed and handed back meanwhile.</summary>
        private void Finish(int generation)
        {
            if (generation != _generation || State == TcpState.Closed)
            {
                return;
            }
            UpdateTimer();
            if (_notify)
            {
                _notify = false;
                _owner!.OnEvents(this, PollEvents);
            }
        }
    }
}
