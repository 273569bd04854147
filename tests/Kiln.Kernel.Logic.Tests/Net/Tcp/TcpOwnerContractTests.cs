// The owner's side of the contract: callbacks once each and in order, the owner closing or reusing a connection
// from inside a callback, hard errors from ICMP during the handshake, and a SYN that may reopen TIME-WAIT.
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpOwnerContractTests
    {
        /// <summary>An endpoint whose owner aborts the connection as soon as it is established (a full backlog).</summary>
        private sealed class AbortingOwner : TcpConnectionOwner
        {
            private readonly SimulatedEndpoint _inner;

            public AbortingOwner(SimulatedEndpoint inner)
            {
                _inner = inner;
                Chunks = inner.Chunks;
            }

            public int Releasable;

            public override System.Span<byte> BeginTransmit(TcpConnection connection, int maxLength) => _inner.BeginTransmit(_inner.Connection, maxLength);

            public override void EndTransmit(TcpConnection connection, int length) => _inner.EndTransmit(_inner.Connection, length);

            public override void ScheduleTimer(TcpConnection connection, long deadlineNs) => _inner.Deadline = deadlineNs;

            public override void OnEvents(TcpConnection connection, uint pollEvents)
            {
            }

            public override void OnEstablished(TcpConnection connection) => connection.Abort();

            public override void OnClosed(TcpConnection connection)
            {
            }

            public override void OnReleasable(TcpConnection connection) => Releasable++;
        }

        [Fact]
        public void OwnerMayAbortFromOnEstablished()
        {
            var simulation = new TcpSimulation(50);
            var (client, server) = simulation.Pair();
            var owner = new AbortingOwner(server);
            server.Listening = false;
            client.Connect();
            ParsedSegment syn = client.Sent[0];
            server.Connection.Initialize(owner, simulation, server.Address, server.Port, client.Address, client.Port, 1460);
            server.Connection.OpenPassive(syn.Header, syn.Options);
            Assert.Equal(TcpState.SynReceived, server.Connection.State);
            // The SYN-ACK reaches the client, its ACK completes the server's handshake, and the owner aborts.
            simulation.RunFor(TcpSimulation.Millisecond * 20);
            Assert.Equal(TcpState.Closed, server.Connection.State);
            Assert.Equal(1, owner.Releasable);
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(TcpState.Closed, client.Connection.State);
            Assert.Equal(-Errno.ECONNRESET, client.Connection.TakeError());
        }

        [Fact]
        public void UnreachableDuringConnectFailsWithTheGivenError()
        {
            var simulation = new TcpSimulation(51);
            var (client, _) = simulation.Pair();
            simulation.Drop = (from, segment) => true;
            client.Connect();
            client.Connection.OnUnreachable(Errno.EHOSTUNREACH);
            Assert.Equal(TcpState.Closed, client.Connection.State);
            Assert.Equal(1, client.ClosedCount);
            Assert.Equal(-Errno.EHOSTUNREACH, client.Connection.TakeError());
            Assert.Equal(long.MaxValue, client.Deadline);
        }

        [Fact]
        public void UnreachableWhenEstablishedIsOnlySoft()
        {
            var simulation = new TcpSimulation(52);
            var (client, server) = simulation.Pair();
            client.Connect();
            simulation.RunFor(TcpSimulation.Second);
            client.Connection.OnUnreachable(Errno.EHOSTUNREACH);
            Assert.Equal(TcpState.Established, client.Connection.State);
            Assert.Equal(0, client.Connection.TakeError());
        }

        [Fact]
        public void ANewerSynMayReopenTimeWait()
        {
            var simulation = new TcpSimulation(53);
            var (client, server) = simulation.Pair();
            client.Connect();
            simulation.RunFor(TcpSimulation.Second);
            client.Connection.Close();
            simulation.RunFor(TcpSimulation.Second);
            server.Connection.Close();
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(TcpState.TimeWait, client.Connection.State);
            ParsedSegment lastFromServer = server.Sent[server.Sent.Count - 1];
            var syn = new TcpSegment { Flags = TcpFlags.SYN, SequenceNumber = lastFromServer.Seq + 100_000 };
            var newer = new TcpOptions { HasTimestamps = true, TimestampValue = lastFromServer.Options.TimestampValue + 1000 };
            var older = new TcpOptions { HasTimestamps = true, TimestampValue = lastFromServer.Options.TimestampValue - 1000 };
            Assert.True(client.Connection.AcceptsNewSyn(syn, newer));
            Assert.False(client.Connection.AcceptsNewSyn(syn, older));
            Assert.False(server.Connection.AcceptsNewSyn(syn, newer));   // CLOSED, not TIME-WAIT
            Assert.Equal(0, simulation.Chunks.InUse);
        }

        [Fact]
        public void CallbacksComeOnceEachAndInOrder()
        {
            var simulation = new TcpSimulation(54) { LossRate = 0.1 };
            var (client, server) = simulation.Pair();
            byte[] data = TcpTransfer.Pattern(200_000, 54);
            var transfer = new TcpTransfer(client, server, data, closeWhenDone: true);
            simulation.AfterEvent = transfer.Step;
            client.Connect();
            Assert.True(simulation.RunUntil(() => transfer.ReaderSawEnd, 120 * TcpSimulation.Second));
            server.Connection.Close();
            client.Connection.Close();
            simulation.RunFor(200 * TcpSimulation.Second);
            foreach (SimulatedEndpoint endpoint in new[] { client, server })
            {
                Assert.Equal(1, endpoint.EstablishedCount);
                Assert.Equal(1, endpoint.ClosedCount);
                Assert.Equal(1, endpoint.ReleasableCount);
                Assert.Equal(long.MaxValue, endpoint.Deadline);
            }
            Assert.Equal(0, simulation.Chunks.InUse);
        }
    }
}
