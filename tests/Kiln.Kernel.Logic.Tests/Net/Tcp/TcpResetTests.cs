// RST and SYN handling in synchronized states with the RFC 5961 defences: only an RST at exactly RCV.NXT resets;
// one elsewhere in the window, or a SYN, draws a challenge ACK; one outside the window is ignored.
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpResetTests
    {
        private static (TcpSimulation, SimulatedEndpoint, SimulatedEndpoint) Connected(int seed)
        {
            var simulation = new TcpSimulation(seed);
            var (client, server) = simulation.Pair();
            client.Connect();
            Assert.True(simulation.RunUntil(() => client.EstablishedCount == 1 && server.EstablishedCount == 1, TcpSimulation.Second));
            simulation.RunFor(TcpSimulation.Second);
            return (simulation, client, server);
        }

        /// <summary>The client's RCV.NXT: the server's next sequence number (from the last segment the server sent).</summary>
        private static uint ServerNext(SimulatedEndpoint server)
        {
            ParsedSegment last = server.Sent[server.Sent.Count - 1];
            return last.Seq + (uint)last.PayloadLength + (last.Has(TcpFlags.SYN) ? 1u : 0u);
        }

        [Fact]
        public void ResetAtReceiveNextResetsTheConnection()
        {
            var (_, client, server) = Connected(30);
            client.Inject(ServerNext(server), 0, TcpFlags.RST);
            Assert.Equal(TcpState.Closed, client.Connection.State);
            Assert.Equal(PollEvents.EPOLLERR, client.Connection.PollEvents & PollEvents.EPOLLERR);
            Assert.Equal(-Errno.ECONNRESET, client.Connection.TakeError());
        }

        [Fact]
        public void ResetInsideTheWindowDrawsAChallengeAck()
        {
            var (_, client, server) = Connected(31);
            int before = client.Sent.Count;
            uint next = ServerNext(server);
            client.Inject(next + 1000, 0, TcpFlags.RST);
            Assert.Equal(TcpState.Established, client.Connection.State);
            Assert.Equal(before + 1, client.Sent.Count);
            ParsedSegment challenge = client.Sent[before];
            Assert.True(challenge.Has(TcpFlags.ACK) && !challenge.Has(TcpFlags.RST));
            Assert.Equal(next, challenge.Ack);
        }

        [Fact]
        public void ResetOutsideTheWindowIsIgnoredSilently()
        {
            var (_, client, server) = Connected(32);
            int before = client.Sent.Count;
            client.Inject(ServerNext(server) + 0x4000_0000, 0, TcpFlags.RST);
            client.Inject(ServerNext(server) - 5000, 0, TcpFlags.RST);
            Assert.Equal(TcpState.Established, client.Connection.State);
            Assert.Equal(before, client.Sent.Count);
        }

        [Fact]
        public void SynInEstablishedDrawsAChallengeAck()
        {
            var (simulation, client, server) = Connected(33);
            int before = client.Sent.Count;
            uint next = ServerNext(server);
            client.Inject(next + 10, 0, TcpFlags.SYN);
            Assert.Equal(TcpState.Established, client.Connection.State);
            Assert.Equal(before + 1, client.Sent.Count);
            Assert.Equal(next, client.Sent[before].Ack);
            // The genuine peer answers the challenge ACK with nothing harmful; the connection keeps working.
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(4, client.Connection.Send(new byte[] { 1, 2, 3, 4 }));
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(4, server.ReadAvailable().Length);
        }

        [Fact]
        public void AckForDataNeverSentIsAnsweredAndDropped()
        {
            var (_, client, server) = Connected(34);
            int before = client.Sent.Count;
            ParsedSegment lastFromClient = client.Sent[before - 1];
            client.Inject(ServerNext(server), lastFromClient.Seq + 100_000, TcpFlags.ACK, new byte[] { 1, 2, 3 });
            Assert.Equal(0, client.Connection.ReadableBytes);
            Assert.Equal(before + 1, client.Sent.Count);
        }

        [Fact]
        public void ResetWhileEstablishedWakesTheReaderWithReset()
        {
            var (simulation, client, server) = Connected(35);
            server.Connection.Abort();
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(TcpState.Closed, client.Connection.State);
            Assert.NotEmpty(client.Events);
            uint last = client.Events[client.Events.Count - 1];
            Assert.Equal(PollEvents.EPOLLERR | PollEvents.EPOLLHUP, last & (PollEvents.EPOLLERR | PollEvents.EPOLLHUP));
            Assert.Equal(-Errno.ECONNRESET, client.Connection.Receive(new byte[8], false));
        }
    }
}
