// A million seeded random segments fed to connections in every state: random flags, sequence and acknowledgment
// numbers near the real ones or anywhere, random windows, options and payloads, mixed with timers and user calls.
// Nothing may throw (in the kernel a throw is a panic), the pool must balance, and every connection must still
// close and release cleanly afterwards.
using System;
using Kiln.Net;
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpFuzzTests
    {
        private const int Segments = 1_000_000;

        private static readonly TcpState[] Targets =
        {
            TcpState.SynSent, TcpState.SynReceived, TcpState.Established, TcpState.FinWait1, TcpState.FinWait2,
            TcpState.CloseWait, TcpState.LastAck, TcpState.Closing, TcpState.TimeWait,
        };

        [Fact]
        public void RandomSegmentsInEveryStateNeverBreakTheConnection()
        {
            var random = new Random(12345);
            int fed = 0;
            int round = 0;
            var reached = new bool[Enum.GetValues<TcpState>().Length];
            byte[] payload = new byte[3000];
            random.NextBytes(payload);
            byte[] readBuffer = new byte[8192];
            while (fed < Segments)
            {
                TcpState target = Targets[round % Targets.Length];
                var simulation = new TcpSimulation(1000 + round);
                round++;
                SimulatedEndpoint? victim = Reach(simulation, target);
                if (victim == null)
                {
                    continue;
                }
                reached[(int)victim.Connection.State] = true;
                simulation.BlackHole = true;
                TcpConnection connection = victim.Connection;
                (uint rcvNxt, uint sndNxt) = Anchors(victim);
                for (int i = 0; i < 5000 && fed < Segments; i++, fed++)
                {
                    FeedRandomSegment(random, victim, payload, rcvNxt, sndNxt);
                    reached[(int)connection.State] = true;
                    switch (random.Next(16))
                    {
                        case 0:
                            simulation.Now += random.Next(300) * TcpSimulation.Millisecond;
                            if (victim.Deadline <= simulation.Now)
                            {
                                victim.Deadline = long.MaxValue;
                                connection.OnTimer();
                            }
                            break;
                        case 1:
                            connection.Receive(readBuffer, random.Next(2) == 0);
                            break;
                        case 2:
                            connection.Send(new ReadOnlySpan<byte>(payload, 0, random.Next(payload.Length)));
                            break;
                        case 3:
                            _ = connection.PollEvents;
                            _ = connection.TakeError();
                            break;
                    }
                    Assert.True(connection.ChunksHeld >= 0);
                    if (connection.State == TcpState.Closed)
                    {
                        break;
                    }
                }
                // However it ended up, the user's close (then time) must release it and its chunks.
                victim.Connection.Close();
                victim.Peer!.Connection.Abort();
                for (int i = 0; i < 64 && victim.Deadline != long.MaxValue; i++)
                {
                    simulation.Now = Math.Max(simulation.Now, victim.Deadline);
                    victim.Deadline = long.MaxValue;
                    victim.Connection.OnTimer();
                }
                Assert.Equal(TcpState.Closed, victim.Connection.State);
                Assert.Equal(1, victim.ReleasableCount);
                Assert.Equal(0, simulation.Chunks.InUse);
            }
            foreach (TcpState state in Targets)
            {
                Assert.True(reached[(int)state], $"never fuzzed in {state}");
            }
        }

        /// <summary>The victim's RCV.NXT and SND.NXT as its last segments show them.</summary>
        private static (uint, uint) Anchors(SimulatedEndpoint victim)
        {
            uint rcvNxt = 0;
            uint sndNxt = 0;
            foreach (ParsedSegment segment in victim.Sent)
            {
                if (segment.Has(TcpFlags.ACK))
                {
                    rcvNxt = segment.Ack;
                }
                sndNxt = segment.Seq + (uint)segment.PayloadLength
                    + (segment.Has(TcpFlags.SYN) ? 1u : 0u) + (segment.Has(TcpFlags.FIN) ? 1u : 0u);
            }
            return (rcvNxt, sndNxt);
        }

        private static void FeedRandomSegment(Random random, SimulatedEndpoint victim, byte[] payload, uint rcvNxt, uint sndNxt)
        {
            uint seq = random.Next(4) switch
            {
                0 => (uint)random.NextInt64(),
                1 => rcvNxt,
                _ => rcvNxt + (uint)(random.Next(200_000) - 100_000),
            };
            uint ack = random.Next(4) switch
            {
                0 => (uint)random.NextInt64(),
                1 => sndNxt,
                _ => sndNxt + (uint)(random.Next(200_000) - 150_000),
            };
            byte flags = (byte)random.Next(256);
            if (random.Next(3) != 0)
            {
                flags &= unchecked((byte)~(TcpFlags.RST | TcpFlags.SYN));
                flags |= TcpFlags.ACK;
            }
            var options = default(TcpOptions);
            if (random.Next(2) == 0)
            {
                options.HasTimestamps = true;
                options.TimestampValue = (uint)random.NextInt64();
                options.TimestampEchoReply = (uint)random.NextInt64();
            }
            if (random.Next(4) == 0)
            {
                int blocks = random.Next(1, 5);
                for (int b = 0; b < blocks; b++)
                {
                    uint left = random.Next(2) == 0 ? (uint)random.NextInt64() : sndNxt - (uint)random.Next(100_000);
                    options.AddSackBlock(new TcpSackBlock(left, left + (uint)random.Next(-1000, 20_000)));
                }
            }
            if (random.Next(8) == 0)
            {
                options.HasMaximumSegmentSize = true;
                options.MaximumSegmentSize = (ushort)random.Next(65536);
                options.HasWindowScale = true;
                options.WindowScale = (byte)random.Next(256);
                options.SackPermitted = random.Next(2) == 0;
            }
            int length = random.Next(3) == 0 ? 0 : random.Next(payload.Length);
            var header = new TcpSegment
            {
                SourcePort = victim.Peer!.Port,
                DestinationPort = victim.Port,
                SequenceNumber = seq,
                AcknowledgmentNumber = ack,
                Flags = flags,
                Window = (ushort)random.Next(65536),
                PayloadLength = length,
            };
            victim.Connection.OnSegment(header, options, new ReadOnlySpan<byte>(payload, random.Next(payload.Length - length + 1), length));
        }

        /// <summary>Drives a fresh pair until one side is in <paramref name="target"/>; that side, or null.</summary>
        private static SimulatedEndpoint? Reach(TcpSimulation simulation, TcpState target)
        {
            var (client, server) = simulation.Pair();
            long second = TcpSimulation.Second;
            switch (target)
            {
                case TcpState.SynSent:
                    simulation.Drop = (from, segment) => true;
                    client.Connect();
                    return client;
                case TcpState.SynReceived:
                    simulation.Drop = (from, segment) => from == server;
                    client.Connect();
                    simulation.RunUntil(() => server.Connection.State == TcpState.SynReceived, second);
                    return server.Connection.State == target ? server : null;
            }
            client.Connect();
            simulation.RunUntil(() => client.EstablishedCount == 1 && server.EstablishedCount == 1, second);
            client.Connection.Send(new byte[5000]);
            server.Connection.Send(new byte[3000]);
            simulation.RunFor(second);
            switch (target)
            {
                case TcpState.Established:
                    return client;
                case TcpState.FinWait1:
                    simulation.Drop = (from, segment) => true;
                    client.Connection.Shutdown(false, true);
                    return client;
                case TcpState.FinWait2:
                case TcpState.CloseWait:
                case TcpState.LastAck:
                case TcpState.TimeWait:
                    client.Connection.Shutdown(false, true);
                    simulation.RunFor(second);
                    if (target == TcpState.FinWait2)
                    {
                        return client;
                    }
                    if (target == TcpState.CloseWait)
                    {
                        return server;
                    }
                    if (target == TcpState.LastAck)
                    {
                        simulation.Drop = (from, segment) => true;
                        server.Connection.Shutdown(false, true);
                        return server;
                    }
                    server.Connection.Shutdown(false, true);
                    simulation.RunUntil(() => client.Connection.State == TcpState.TimeWait, second);
                    return client;
                case TcpState.Closing:
                    simulation.Drop = (from, segment) => !segment.Has(TcpFlags.FIN);
                    client.Connection.Shutdown(false, true);
                    server.Connection.Shutdown(false, true);
                    simulation.RunUntil(() => client.Connection.State == TcpState.Closing, second);
                    return client.Connection.State == TcpState.Closing ? client : null;
            }
            return null;
        }
    }
}
