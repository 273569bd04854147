// An Ethernet segment for host tests: every frame a station transmits reaches every other station (a hub; each stack
// filters by MAC) after a delay, and a seeded fault model may drop, duplicate, delay more (reordering) or hold back
// frames. Run moves the virtual clock from event to event (frame arrivals and the stacks' timers).
using System;
using System.Collections.Generic;
using Kiln.Net.Stack;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class SimulatedWire
    {
        private readonly SimulatedClock _clock;
        private readonly Random _random;
        private readonly List<Station> _stations = new List<Station>();
        private readonly List<InFlight> _inFlight = new List<InFlight>();
        private long _sequence;

        public SimulatedWire(SimulatedClock clock, int seed)
        {
            _clock = clock;
            _random = new Random(seed);
        }

        public long DelayNs = 100_000;
        public double LossRate;
        public double DuplicateRate;
        public double ReorderRate;
        public long ReorderExtraNs = 2_000_000;

        /// <summary>Frames transmitted by every station (for tests that count traffic).</summary>
        public readonly List<byte[]> Transmitted = new List<byte[]>();
        public bool RecordFrames;

        /// <summary>Sees (and may drop, by returning false) each frame as it is transmitted.</summary>
        public Func<byte[], bool>? Filter;

        public sealed class Station : NetLink
        {
            internal SimulatedWire Wire = null!;
            internal ulong Mac;
            public NetStack? Stack;
            public NetInterface? Interface;

            /// <summary>A station that is not a NetStack (a simulated DHCP server, a raw probe) sees frames here.</summary>
            public Action<byte[]>? RawReceiver;

            public override ulong MacAddress => Mac;
            public override int Mtu => 1500;

            public override bool Transmit(ReadOnlySpan<byte> frame)
            {
                Wire.Send(this, frame.ToArray());
                return true;
            }
        }

        private struct InFlight
        {
            public long At;
            public long Order;
            public Station To;
            public byte[] Frame;
        }

        /// <summary>A stack on this wire with a fresh eth interface (no address yet).</summary>
        public Station Attach(NetStack stack, ulong mac)
        {
            var station = new Station { Wire = this, Mac = mac, Stack = stack };
            station.Interface = stack.AddInterface(station);
            _stations.Add(station);
            return station;
        }

        /// <summary>A station that is not a stack: frames reach <paramref name="receiver"/>.</summary>
        public Station AttachRaw(ulong mac, Action<byte[]> receiver)
        {
            var station = new Station { Wire = this, Mac = mac, RawReceiver = receiver };
            _stations.Add(station);
            return station;
        }

        internal void Send(Station from, byte[] frame)
        {
            if (RecordFrames)
            {
                Transmitted.Add(frame);
            }

            if (Filter != null && !Filter(frame))
            {
                return;
            }

            foreach (Station to in _stations)
            {
                if (to == from)
                {
                    continue;
                }

                if (LossRate > 0 && _random.NextDouble() < LossRate)
                {
                    continue;
                }

                Enqueue(to, frame);
                if (DuplicateRate > 0 && _random.NextDouble() < DuplicateRate)
                {
                    Enqueue(to, frame);
                }
            }
        }

        private void Enqueue(Station to, byte[] frame)
        {
            long at = _clock.Now + DelayNs;
            if (ReorderRate > 0 && _random.NextDouble() < ReorderRate)
            {
                at += (long)(_random.NextDouble() * ReorderExtraNs);
            }

            _inFlight.Add(new InFlight { At = at, Order = _sequence++, To = to, Frame = frame });
        }

        /// <summary>Delivers frames and runs timers until nothing is due before <paramref name="untilNs"/>
        /// (absolute) or <paramref name="done"/> says stop; returns false if it ran out of events before done.</summary>
        public bool RunUntil(long untilNs, Func<bool>? done = null)
        {
            for (int steps = 0; steps < 50_000_000; steps++)
            {
                if (done != null && done())
                {
                    return true;
                }

                long next = long.MaxValue;
                int index = -1;
                for (int i = 0; i < _inFlight.Count; i++)
                {
                    InFlight f = _inFlight[i];
                    if (f.At < next || (f.At == next && index >= 0 && f.Order < _inFlight[index].Order))
                    {
                        next = f.At;
                        index = i;
                    }
                }

                long timer = long.MaxValue;
                foreach (Station station in _stations)
                {
                    if (station.Stack != null)
                    {
                        timer = Math.Min(timer, station.Stack.NextTimerDeadline);
                    }
                }

                long soonest = Math.Min(next, timer);
                if (soonest > untilNs)
                {
                    _clock.Now = Math.Max(_clock.Now, untilNs);
                    return done == null || done();
                }

                _clock.Now = Math.Max(_clock.Now, soonest);
                if (next <= timer && index >= 0)
                {
                    InFlight frame = _inFlight[index];
                    _inFlight.RemoveAt(index);
                    if (frame.To.Stack != null)
                    {
                        frame.To.Stack.Receive(frame.To.Interface!, frame.Frame);
                    }
                    else
                    {
                        frame.To.RawReceiver?.Invoke(frame.Frame);
                    }
                }
                else
                {
                    foreach (Station station in _stations)
                    {
                        station.Stack?.RunTimers();
                    }
                }
            }

            throw new InvalidOperationException("simulation did not settle");
        }

        /// <summary>Runs for <paramref name="durationNs"/> of virtual time.</summary>
        public void Run(long durationNs) => RunUntil(_clock.Now + durationNs);

        /// <summary>Runs until <paramref name="done"/> or <paramref name="limitNs"/> of virtual time passed.</summary>
        public bool RunUntil(Func<bool> done, long limitNs) => RunUntil(_clock.Now + limitNs, done);
    }
}
