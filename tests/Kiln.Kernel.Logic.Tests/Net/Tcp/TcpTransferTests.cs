// Bulk data through the simulated link: integrity under loss, reordering and duplication, window scaling keeping
// more than 64 KiB in flight, fast retransmit, SACK cutting retransmissions, RTO backoff, and the chunk pool.
using System;
using Kiln.Net;
using Kiln.Net.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpTransferTests
    {
        private readonly ITestOutputHelper _output;

        public TcpTransferTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private static TcpTransfer Run(TcpSimulation simulation, SimulatedEndpoint client, SimulatedEndpoint server,
            byte[] data, long limit)
        {
            var transfer = new TcpTransfer(client, server, data, closeWhenDone: true);
            simulation.AfterEvent = transfer.Step;
            client.Connect();
            Assert.True(simulation.RunUntil(() => transfer.ReaderSawEnd, limit), "transfer did not finish");
            return transfer;
        }

        [Theory]
        [InlineData(100)]
        [InlineData(101)]
        [InlineData(102)]
        public void SeveralMegabytesSurviveLossReorderingAndDuplication(int seed)
        {
            var simulation = new TcpSimulation(seed) { LossRate = 0.05, ReorderRate = 0.1, DuplicateRate = 0.05 };
            var (client, server) = simulation.Pair();
            byte[] data = TcpTransfer.Pattern(3 << 20, seed);
            TcpTransfer transfer = Run(simulation, client, server, data, 600 * TcpSimulation.Second);
            Assert.True(transfer.Matches());
            _output.WriteLine($"{simulation.Now / TcpSimulation.Millisecond} ms, {client.Connection.RetransmittedSegments} retransmitted of {client.DataSegmentsSent()}");
            Assert.True(client.Connection.RetransmittedSegments > 0);
            server.Connection.Close();
            simulation.RunFor(5 * TcpSimulation.Second);
            client.Connection.Close();
            simulation.RunFor(200 * TcpSimulation.Second);
            Assert.Equal(TcpState.Closed, client.Connection.State);
            Assert.Equal(TcpState.Closed, server.Connection.State);
            Assert.Equal(1, client.ReleasableCount);
            Assert.Equal(1, server.ReleasableCount);
            Assert.Equal(0, simulation.Chunks.InUse);
        }

        [Fact]
        public void CleanLinkNeedsNoRetransmissionAndFewAcks()
        {
            var simulation = new TcpSimulation(20);
            var (client, server) = simulation.Pair();
            byte[] data = TcpTransfer.Pattern(1 << 20, 20);
            TcpTransfer transfer = Run(simulation, client, server, data, 60 * TcpSimulation.Second);
            Assert.True(transfer.Matches());
            Assert.Equal(0, client.Connection.RetransmittedSegments);
            // Delayed ACKs: about one ACK per two full segments, not one per segment.
            int dataSegments = client.DataSegmentsSent();
            _output.WriteLine($"{server.Sent.Count} ACKs for {dataSegments} segments, {simulation.Now / TcpSimulation.Millisecond} ms");
            Assert.True(server.Sent.Count < dataSegments * 3 / 4, $"{server.Sent.Count} ACKs for {dataSegments} segments");
        }

        [Fact]
        public void WindowScalingKeepsMoreThan64KiBInFlight()
        {
            var simulation = new TcpSimulation(21) { Delay = 50 * TcpSimulation.Millisecond };
            var (client, server) = simulation.Pair();
            var options = TcpConnectionOptions.Default;
            options.ReceiveBufferSize = 1 << 20;
            options.SendBufferSize = 1 << 20;
            client.InitialOptions = options;
            server.InitialOptions = options;
            byte[] data = TcpTransfer.Pattern(4 << 20, 21);
            uint mostInFlight = 0;
            var transfer = new TcpTransfer(client, server, data, closeWhenDone: true);
            simulation.AfterEvent = () =>
            {
                transfer.Step();
                mostInFlight = Math.Max(mostInFlight, (uint)client.Connection.UnacknowledgedBytes);
            };
            client.Connect();
            Assert.True(simulation.RunUntil(() => transfer.ReaderSawEnd, 60 * TcpSimulation.Second));
            Assert.True(transfer.Matches());
            Assert.True(client.Connection.WindowScalingEnabled);
            Assert.True(client.Connection.SendWindow > 65535, $"send window {client.Connection.SendWindow}");
            _output.WriteLine($"most in flight {mostInFlight}, {simulation.Now / TcpSimulation.Millisecond} ms");
            Assert.True(mostInFlight > 256 * 1024, $"most in flight {mostInFlight}");
        }

        [Fact]
        public void ThreeDuplicateAcksTriggerFastRetransmitBeforeTheTimeout()
        {
            var simulation = new TcpSimulation(22);
            var (client, server) = simulation.Pair();
            bool dropped = false;
            uint droppedSeq = 0;
            simulation.Drop = (from, segment) =>
            {
                // Lose one full segment once the window is open.
                if (from == client && !dropped && segment.PayloadLength > 0 && client.Connection.CongestionWindow > 20 * 1448)
                {
                    dropped = true;
                    droppedSeq = segment.Seq;
                    return true;
                }
                return false;
            };
            byte[] data = TcpTransfer.Pattern(2 << 20, 22);
            TcpTransfer transfer = Run(simulation, client, server, data, 60 * TcpSimulation.Second);
            Assert.True(transfer.Matches());
            Assert.True(dropped);
            // The lost segment went out again within a few round trips, long before the 200 ms minimum RTO.
            int firstSend = client.Sent.FindIndex(s => s.Seq == droppedSeq && s.PayloadLength > 0);
            int resend = client.Sent.FindIndex(firstSend + 1, s => s.Seq == droppedSeq && s.PayloadLength > 0);
            Assert.True(resend > firstSend);
            Assert.Equal(1, client.Connection.RetransmittedSegments);
        }

        [Fact]
        public void SackRetransmitsOnlyTheLostSegments()
        {
            int WithSack(bool sack)
            {
                var simulation = new TcpSimulation(23);
                var (client, server) = simulation.Pair();
                int count = 0;
                simulation.Drop = (from, segment) =>
                {
                    // Lose every third data segment of one window once the connection is running.
                    if (from == client && segment.PayloadLength > 0 && client.Connection.CongestionWindow > 40 * 1448
                        && count < 30 && (segment.Seq / 1448) % 3 == 0 && segment.Seq != 0)
                    {
                        count++;
                        return true;
                    }
                    return false;
                };
                simulation.StripSackPermitted = !sack;
                byte[] data = TcpTransfer.Pattern(2 << 20, 23);
                TcpTransfer transfer = Run(simulation, client, server, data, 300 * TcpSimulation.Second);
                Assert.True(transfer.Matches());
                Assert.Equal(sack, client.Connection.SackEnabled);
                return client.Connection.RetransmittedSegments;
            }
            int withSack = WithSack(true);
            int withoutSack = WithSack(false);
            _output.WriteLine($"with SACK {withSack}, without {withoutSack}");
            Assert.True(withSack < withoutSack, $"with SACK {withSack}, without {withoutSack}");
        }

        [Fact]
        public void RetransmissionTimeoutBacksOffExponentially()
        {
            var simulation = new TcpSimulation(24);
            var (client, server) = simulation.Pair();
            client.Connect();
            Assert.True(simulation.RunUntil(() => server.EstablishedCount == 1, TcpSimulation.Second));
            simulation.RunFor(TcpSimulation.Second);
            int before = client.Sent.Count;
            simulation.Drop = (from, segment) => true;   // the link dies
            client.Connection.Send(new byte[100]);
            Assert.True(simulation.RunUntil(() => client.ClosedCount == 1, 2000 * TcpSimulation.Second));
            Assert.Equal(-Kiln.Linux.Errno.ETIMEDOUT, client.Connection.TakeError());
            // Sixteen transmissions (the first and fifteen retries); gaps double, from 200 ms up to the 120 s cap.
            var sends = client.Sent.GetRange(before, client.Sent.Count - before).FindAll(s => s.PayloadLength > 0);
            _output.WriteLine($"closed at {client.ClosedAt / TcpSimulation.Millisecond} ms");
            Assert.Equal(16, sends.Count);
            long gap = sends[1].Time - sends[0].Time;
            Assert.InRange(gap, 200 * TcpSimulation.Millisecond, 1000 * TcpSimulation.Millisecond);
            for (int i = 2; i < sends.Count; i++)
            {
                long next = sends[i].Time - sends[i - 1].Time;
                Assert.Equal(Math.Min(gap * 2, 120 * TcpSimulation.Second), next);
                gap = next;
            }
            Assert.Equal(15, client.Connection.RetransmittedSegments);
            Assert.InRange(client.ClosedAt, 300 * TcpSimulation.Second, 1200 * TcpSimulation.Second);
        }
    }
}
