// When data goes out: Nagle (RFC 9293 3.7.4) against TCP_NODELAY and TCP_CORK, delayed ACKs (40 ms, every second
// full segment), zero-window persist probes, and keep-alive probes with their timeout.
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpSendPolicyTests
    {
        private static (TcpSimulation, SimulatedEndpoint, SimulatedEndpoint) Connected(int seed, TcpConnectionOptions? options = null)
        {
            var simulation = new TcpSimulation(seed);
            var (client, server) = simulation.Pair();
            client.InitialOptions = options;
            server.InitialOptions = options;
            client.Connect();
            Assert.True(simulation.RunUntil(() => client.EstablishedCount == 1 && server.EstablishedCount == 1, TcpSimulation.Second));
            simulation.RunFor(TcpSimulation.Second);
            return (simulation, client, server);
        }

        private static int SmallWrites(TcpSimulation simulation, SimulatedEndpoint client)
        {
            int before = client.DataSegmentsSent();
            for (int i = 0; i < 10; i++)
            {
                Assert.Equal(10, client.Connection.Send(new byte[10]));
            }
            return client.DataSegmentsSent() - before;
        }

        [Fact]
        public void NagleHoldsSmallWritesWhileDataIsUnacknowledged()
        {
            var (simulation, client, server) = Connected(40);
            Assert.Equal(1, SmallWrites(simulation, client));   // the first goes, the rest wait for its ACK
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(2, client.DataSegmentsSent());            // then all the held bytes in one segment
            Assert.Equal(100, server.ReadAvailable().Length);
        }

        [Fact]
        public void NoDelaySendsEverySmallWrite()
        {
            var options = TcpConnectionOptions.Default;
            options.NoDelay = true;
            var (simulation, client, server) = Connected(41, options);
            Assert.Equal(10, SmallWrites(simulation, client));
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(100, server.ReadAvailable().Length);
        }

        [Fact]
        public void CorkHoldsPartialSegmentsUntilUncorked()
        {
            var options = TcpConnectionOptions.Default;
            options.Cork = true;
            options.NoDelay = true;
            var (simulation, client, server) = Connected(42, options);
            Assert.Equal(0, SmallWrites(simulation, client));
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(0, server.Connection.ReadableBytes);
            client.Connection.Options.Cork = false;
            client.Connection.OptionsChanged();
            Assert.Equal(1, client.DataSegmentsSent());
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(100, server.ReadAvailable().Length);
        }

        [Fact]
        public void SingleSegmentIsAcknowledgedAfterFortyMilliseconds()
        {
            var (simulation, client, server) = Connected(43);
            int acksBefore = server.Sent.Count;
            client.Connection.Send(new byte[100]);
            long sentAt = simulation.Now;
            Assert.True(simulation.RunUntil(() => server.Sent.Count > acksBefore, TcpSimulation.Second));
            ParsedSegment ack = server.Sent[acksBefore];
            Assert.Equal(sentAt + simulation.Delay + 40 * TcpSimulation.Millisecond, ack.Time);
        }

        [Fact]
        public void SecondFullSegmentIsAcknowledgedAtOnce()
        {
            var (simulation, client, server) = Connected(44);
            int acksBefore = server.Sent.Count;
            client.Connection.Send(new byte[2 * client.Connection.SendMss]);
            long sentAt = simulation.Now;
            Assert.True(simulation.RunUntil(() => server.Sent.Count > acksBefore, TcpSimulation.Second));
            Assert.Equal(sentAt + simulation.Delay, server.Sent[acksBefore].Time);
            Assert.Equal(acksBefore + 1, server.Sent.Count);
        }

        [Fact]
        public void OutOfOrderDataIsAcknowledgedAtOnceWithSack()
        {
            var (simulation, client, server) = Connected(45);
            bool dropped = false;
            simulation.Drop = (from, segment) => from == client && segment.PayloadLength > 0 && !dropped && (dropped = true);
            var options = client.Connection.Options;
            options.NoDelay = true;
            client.Connection.Options = options;
            int acksBefore = server.Sent.Count;
            client.Connection.Send(new byte[100]);
            client.Connection.Send(new byte[100]);
            simulation.RunFor(simulation.Delay);
            Assert.Equal(acksBefore + 1, server.Sent.Count);
            ParsedSegment dupAck = server.Sent[acksBefore];
            Assert.Equal(1, dupAck.Options.SackBlockCount);
            Assert.Equal(100u, dupAck.Options.GetSackBlock(0).Right - dupAck.Options.GetSackBlock(0).Left);
            simulation.RunFor(2 * TcpSimulation.Second);
            Assert.Equal(200, server.ReadAvailable().Length);
        }

        [Fact]
        public void ZeroWindowIsProbedUntilItOpens()
        {
            var options = TcpConnectionOptions.Default;
            options.ReceiveBufferSize = 8192;
            var (simulation, client, server) = Connected(46, options);
            byte[] data = TcpTransfer.Pattern(40_000, 46);
            var transfer = new TcpTransfer(client, server, data, closeWhenDone: false) { ReaderPaused = true };
            simulation.AfterEvent = transfer.Step;
            transfer.Step();
            simulation.RunFor(2 * TcpSimulation.Second);
            Assert.Equal(0u, client.Connection.SendWindow);
            int before = client.Sent.Count;
            simulation.RunFor(30 * TcpSimulation.Second);
            // Probes (no data, sequence SND.UNA - 1) keep going with backoff while the window stays shut.
            var probes = client.Sent.GetRange(before, client.Sent.Count - before).FindAll(s => s.PayloadLength == 0);
            Assert.InRange(probes.Count, 3, 10);
            for (int i = 2; i < probes.Count; i++)
            {
                Assert.True(probes[i].Time - probes[i - 1].Time > probes[i - 1].Time - probes[i - 2].Time);
            }
            Assert.Equal(TcpState.Established, client.Connection.State);
            transfer.ReaderPaused = false;
            transfer.Step();
            Assert.True(simulation.RunUntil(() => transfer.AllReceived, 120 * TcpSimulation.Second));
            Assert.True(transfer.Matches());
        }

        [Fact]
        public void KeepAliveProbesAnIdlePeerAndTimesOutWhenItIsGone()
        {
            var options = TcpConnectionOptions.Default;
            options.KeepAlive = true;
            options.KeepIdleSeconds = 10;
            options.KeepIntervalSeconds = 2;
            options.KeepCount = 3;
            var (simulation, client, server) = Connected(47, options);
            server.Connection.Options.KeepAlive = false;
            int before = client.Sent.Count;
            simulation.RunFor(25 * TcpSimulation.Second);
            // The peer answers: one probe every 10 s of idleness, connection alive.
            int probes = client.Sent.Count - before;
            Assert.Equal(2, probes);
            Assert.Equal(TcpState.Established, client.Connection.State);
            long cutAt = simulation.Now;
            simulation.Drop = (from, segment) => true;
            Assert.True(simulation.RunUntil(() => client.ClosedCount == 1, 60 * TcpSimulation.Second));
            Assert.Equal(-Errno.ETIMEDOUT, client.Connection.TakeError());
            // Last answer at ~20 s; probes at 30, 32, 34; dead at 36 s.
            Assert.InRange(client.ClosedAt - cutAt, 5 * TcpSimulation.Second, 12 * TcpSimulation.Second);
        }
    }
}
