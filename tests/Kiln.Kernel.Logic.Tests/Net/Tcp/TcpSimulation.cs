// A simulated link for TcpConnection tests: endpoints (TcpConnectionOwner implementations) hand their segments to
// a seeded network that loses, duplicates, reorders and delays them, and a virtual clock that jumps to the next
// event (a delivery or a connection's timer). Everything derives from the seed, so a failing run replays exactly.
using System;
using System.Collections.Generic;
using Kiln.Net;
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpSimulation : NetEnvironment
    {
        public const long Millisecond = 1_000_000;
        public const long Second = 1_000_000_000;

        private readonly Random _random;
        private readonly List<SimulatedPacket> _inFlight = new List<SimulatedPacket>();
        private readonly List<SimulatedEndpoint> _endpoints = new List<SimulatedEndpoint>();
        private long _order;

        public TcpSimulation(int seed)
        {
            _random = new Random(seed);
            Chunks = new TcpChunkPool();
        }

        public long Now;
        public double LossRate;
        public double DuplicateRate;
        public double ReorderRate;
        public long Delay = 5 * Millisecond;

        /// <summary>Return true to drop a segment on purpose (after it was recorded as sent).</summary>
        public Func<SimulatedEndpoint, ParsedSegment, bool>? Drop;

        /// <summary>Runs after every event: the tests' "applications" read and write here.</summary>
        public Action? AfterEvent;

        public TcpChunkPool Chunks { get; }

        public long Delivered { get; private set; }

        public override long NowNanoseconds => Now;

        public override ulong NextRandom() => (ulong)_random.NextInt64() ^ ((ulong)_random.Next() << 40);

        public double NextDouble() => _random.NextDouble();

        public int NextInt(int max) => _random.Next(max);

        public SimulatedEndpoint AddEndpoint(uint address, ushort port)
        {
            var endpoint = new SimulatedEndpoint(this, address, port);
            endpoint.Chunks = Chunks;
            _endpoints.Add(endpoint);
            return endpoint;
        }

        /// <summary>Two endpoints; the client opens actively, the server answers the first SYN passively.</summary>
        public (SimulatedEndpoint Client, SimulatedEndpoint Server) Pair(int mss = 1460)
        {
            SimulatedEndpoint client = AddEndpoint(0x0A000001, 40000);
            SimulatedEndpoint server = AddEndpoint(0x0A000002, 80);
            client.Peer = server;
            server.Peer = client;
            client.Mss = mss;
            server.Mss = mss;
            server.Listening = true;
            return (client, server);
        }

        /// <summary>Rewrites SACK-permitted in SYNs to NOPs, as a peer (or middlebox) without SACK would.</summary>
        public bool StripSackPermitted;

        /// <summary>Fuzzing: every segment is lost on the wire; only one in 64 is parsed and checked, and none is
        /// recorded, so millions of segments stay fast and small.</summary>
        public bool BlackHole;

        public long Transmitted { get; private set; }

        internal void Transmit(SimulatedEndpoint from, byte[] bytes)
        {
            SimulatedEndpoint? to = from.Peer;
            if (to == null)
            {
                return;
            }
            Transmitted++;
            if (BlackHole)
            {
                if ((Transmitted & 63) == 0)
                {
                    Assert.Equal(TcpError.None, TcpSegment.Parse(bytes, from.Address, to.Address, true, out _, out _));
                }
                return;
            }
            if (StripSackPermitted && (bytes[13] & TcpFlags.SYN) != 0)
            {
                int headerLength = (bytes[12] >> 4) * 4;
                for (int i = TcpSegment.MinHeaderSize; i + 1 < headerLength;)
                {
                    if (bytes[i] == TcpOptions.KindNoOperation)
                    {
                        i++;
                        continue;
                    }
                    if (bytes[i] == TcpOptions.KindSackPermitted)
                    {
                        bytes[i] = TcpOptions.KindNoOperation;
                        bytes[i + 1] = TcpOptions.KindNoOperation;
                    }
                    i += Math.Max((int)bytes[i + 1], 2);
                }
                bytes[16] = 0;
                bytes[17] = 0;
                ushort checksum = TransportChecksum.Compute(from.Address, to.Address, TransportChecksum.ProtocolTcp, bytes);
                bytes[16] = (byte)(checksum >> 8);
                bytes[17] = (byte)checksum;
            }
            TcpError error = TcpSegment.Parse(bytes, from.Address, to.Address, true, out TcpSegment segment, out TcpOptions options);
            Assert.Equal(TcpError.None, error);
            var parsed = new ParsedSegment(segment, options, bytes.Length - segment.HeaderLength, Now);
            from.Sent.Add(parsed);
            if (Drop != null && Drop(from, parsed))
            {
                return;
            }
            if (LossRate > 0 && _random.NextDouble() < LossRate)
            {
                return;
            }
            long delay = Delay;
            if (ReorderRate > 0 && _random.NextDouble() < ReorderRate)
            {
                delay += (long)(_random.NextDouble() * 2 * Delay);
            }
            _inFlight.Add(new SimulatedPacket(Now + delay, _order++, from, to, bytes));
            if (DuplicateRate > 0 && _random.NextDouble() < DuplicateRate)
            {
                _inFlight.Add(new SimulatedPacket(Now + delay + (long)(_random.NextDouble() * Delay), _order++, from, to, bytes));
            }
        }

        /// <summary>Delivers the next packet or fires the next timer; false when nothing is left to happen.</summary>
        public bool Step()
        {
            int packetIndex = -1;
            for (int i = 0; i < _inFlight.Count; i++)
            {
                if (packetIndex < 0 || _inFlight[i].Time < _inFlight[packetIndex].Time
                    || (_inFlight[i].Time == _inFlight[packetIndex].Time && _inFlight[i].Order < _inFlight[packetIndex].Order))
                {
                    packetIndex = i;
                }
            }
            SimulatedEndpoint? timerEndpoint = null;
            foreach (SimulatedEndpoint endpoint in _endpoints)
            {
                if (endpoint.Deadline != long.MaxValue && (timerEndpoint == null || endpoint.Deadline < timerEndpoint.Deadline))
                {
                    timerEndpoint = endpoint;
                }
            }
            if (packetIndex < 0 && timerEndpoint == null)
            {
                return false;
            }
            if (timerEndpoint != null && (packetIndex < 0 || timerEndpoint.Deadline < _inFlight[packetIndex].Time))
            {
                Now = Math.Max(Now, timerEndpoint.Deadline);
                timerEndpoint.Deadline = long.MaxValue;
                timerEndpoint.Connection.OnTimer();
            }
            else
            {
                SimulatedPacket packet = _inFlight[packetIndex];
                _inFlight.RemoveAt(packetIndex);
                Now = Math.Max(Now, packet.Time);
                Delivered++;
                packet.To.Deliver(packet.From, packet.Bytes);
            }
            AfterEvent?.Invoke();
            return true;
        }

        /// <summary>Runs until <paramref name="done"/> holds (checked before each event) or virtual time passes
        /// <paramref name="limit"/> from now; returns whether done held.</summary>
        public bool RunUntil(Func<bool> done, long limit)
        {
            long end = Now + limit;
            while (!done())
            {
                if (NextEventTime() > end || !Step())
                {
                    return done();
                }
            }
            return true;
        }

        /// <summary>Runs every event up to <paramref name="duration"/> from now, then sets the clock there.</summary>
        public void RunFor(long duration)
        {
            long end = Now + duration;
            while (NextEventTime() <= end && Step())
            {
            }
            Now = Math.Max(Now, end);
        }

        public long NextEventTime()
        {
            long next = long.MaxValue;
            foreach (SimulatedPacket packet in _inFlight)
            {
                next = Math.Min(next, packet.Time);
            }
            foreach (SimulatedEndpoint endpoint in _endpoints)
            {
                next = Math.Min(next, endpoint.Deadline);
            }
            return next;
        }

        public int PacketsInFlight => _inFlight.Count;

        private readonly struct SimulatedPacket
        {
            public readonly long Time;
            public readonly long Order;
            public readonly SimulatedEndpoint From;
            public readonly SimulatedEndpoint To;
            public readonly byte[] Bytes;

            public SimulatedPacket(long time, long order, SimulatedEndpoint from, SimulatedEndpoint to, byte[] bytes)
            {
                Time = time;
                Order = order;
                From = from;
                To = to;
                Bytes = bytes;
            }
        }
    }

    /// <summary>What a test sees of one segment an endpoint sent.</summary>
    public readonly struct ParsedSegment
    {
        public readonly TcpSegment Header;
        public readonly TcpOptions Options;
        public readonly int PayloadLength;
        public readonly long Time;

        public ParsedSegment(TcpSegment header, TcpOptions options, int payloadLength, long time)
        {
            Header = header;
            Options = options;
            PayloadLength = payloadLength;
            Time = time;
        }

        public bool Has(byte flag) => Header.Has(flag);

        public uint Seq => Header.SequenceNumber;

        public uint Ack => Header.AcknowledgmentNumber;
    }

    public sealed class SimulatedEndpoint : TcpConnectionOwner
    {
        private readonly TcpSimulation _simulation;
        private readonly byte[] _transmitBuffer = new byte[70000];

        public SimulatedEndpoint(TcpSimulation simulation, uint address, ushort port)
        {
            _simulation = simulation;
            Address = address;
            Port = port;
            Connection = new TcpConnection();
        }

        public readonly uint Address;
        public readonly ushort Port;
        public SimulatedEndpoint? Peer;
        public int Mss = 1460;
        public bool Listening;
        public TcpConnection Connection;
        public TcpConnectionOptions? InitialOptions;
        public long Deadline = long.MaxValue;
        public readonly List<ParsedSegment> Sent = new List<ParsedSegment>();
        public readonly List<uint> Events = new List<uint>();
        public int EstablishedCount;
        public int ClosedCount;
        public int ReleasableCount;
        public long EstablishedAt = -1;
        public long ClosedAt = -1;

        /// <summary>Fresh connection for this endpoint (a listener gets one per SYN).</summary>
        public void Prepare()
        {
            Connection.Initialize(this, _simulation, Address, Port, Peer!.Address, Peer.Port, Mss);
            if (InitialOptions.HasValue)
            {
                Connection.Options = InitialOptions.Value;
            }
        }

        /// <summary>Ready for the next connection on the same (pooled) TcpConnection object.</summary>
        public void Rearm()
        {
            Assert.True(Connection.State == TcpState.Closed && Connection.UserReleased);
            _opened = false;
            EstablishedCount = 0;
            ClosedCount = 0;
            ReleasableCount = 0;
            Sent.Clear();
            Events.Clear();
        }

        public void Connect()
        {
            _opened = true;
            Prepare();
            Connection.OpenActive();
        }

        internal void Deliver(SimulatedEndpoint from, byte[] bytes)
        {
            TcpError error = TcpSegment.Parse(bytes, from.Address, Address, true, out TcpSegment segment, out TcpOptions options);
            Assert.Equal(TcpError.None, error);
            ReadOnlySpan<byte> payload = new ReadOnlySpan<byte>(bytes, segment.HeaderLength, segment.PayloadLength);
            if (Listening && !_opened && segment.Has(TcpFlags.SYN) && !segment.Has(TcpFlags.ACK)
                && !segment.Has(TcpFlags.RST))
            {
                _opened = true;
                Prepare();
                Connection.OpenPassive(segment, options);
                return;
            }
            Connection.OnSegment(segment, options, payload);
        }

        private bool _opened;

        public override Span<byte> BeginTransmit(TcpConnection connection, int maxLength)
        {
            Assert.Same(Connection, connection);
            Assert.True(maxLength <= _transmitBuffer.Length);
            return new Span<byte>(_transmitBuffer, 0, maxLength);
        }

        public override void EndTransmit(TcpConnection connection, int length)
        {
            _simulation.Transmit(this, new ReadOnlySpan<byte>(_transmitBuffer, 0, length).ToArray());
        }

        public override void ScheduleTimer(TcpConnection connection, long deadlineNs)
        {
            Deadline = deadlineNs;
        }

        public override void OnEvents(TcpConnection connection, uint pollEvents)
        {
            Events.Add(pollEvents);
        }

        public override void OnEstablished(TcpConnection connection)
        {
            EstablishedCount++;
            EstablishedAt = _simulation.Now;
        }

        public override void OnClosed(TcpConnection connection)
        {
            ClosedCount++;
            ClosedAt = _simulation.Now;
            Assert.Equal(TcpState.Closed, connection.State);
        }

        public override void OnReleasable(TcpConnection connection)
        {
            ReleasableCount++;
            Assert.Equal(1, ClosedCount);
            Assert.True(connection.UserReleased);
        }

        /// <summary>All data currently readable (up to 1 MiB), or an empty array.</summary>
        public byte[] ReadAvailable()
        {
            byte[] buffer = new byte[1 << 20];
            long n = Connection.Receive(buffer, false);
            return n > 0 ? buffer.AsSpan(0, (int)n).ToArray() : Array.Empty<byte>();
        }

        /// <summary>Feeds a hand-made segment to this endpoint's connection as if it came from the peer.</summary>
        public void Inject(uint seq, uint ack, byte flags, byte[]? payload = null, ushort window = 1000)
        {
            var header = new TcpSegment
            {
                SourcePort = Peer!.Port,
                DestinationPort = Port,
                SequenceNumber = seq,
                AcknowledgmentNumber = ack,
                Flags = flags,
                Window = window,
                PayloadLength = payload?.Length ?? 0,
            };
            Connection.OnSegment(header, default, payload ?? Array.Empty<byte>());
        }

        public int DataSegmentsSent()
        {
            int count = 0;
            foreach (ParsedSegment segment in Sent)
            {
                if (segment.PayloadLength > 0)
                {
                    count++;
                }
            }
            return count;
        }
    }
}
