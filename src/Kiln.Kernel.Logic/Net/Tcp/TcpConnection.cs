// One TCP connection (a transmission control block, RFC 9293 3.3.1): its endpoints, state, opening and closing.
// The state machine is split by concern: .User.cs (send, receive, shutdown, close, poll), .Input.cs (segment
// arrival, RFC 9293 3.10.7), .Acks.cs, .Receive.cs, .Output.cs (what to send, building segments), .Timers.cs (RTO,
// delayed ACK, persist, keep-alive, TIME-WAIT), .Congestion.cs (RFC 5681/6582/6675 and RTT estimation, RFC 6298).
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
            ResetDelayedAck(0);
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
