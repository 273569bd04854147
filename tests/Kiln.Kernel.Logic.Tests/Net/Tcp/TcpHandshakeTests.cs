// The three-way handshake (RFC 9293 3.5): active and passive open, option negotiation (MSS, window scale, SACK,
// timestamps), simultaneous open, SYN retransmission and the connect timeout.
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpHandshakeTests
    {
        [Fact]
        public void ActiveAndPassiveOpenNegotiateOptions()
        {
            var simulation = new TcpSimulation(1);
            var (client, server) = simulation.Pair(mss: 1460);
            server.Mss = 1200;
            client.Connect();
            Assert.Equal(TcpState.SynSent, client.Connection.State);
            Assert.True(simulation.RunUntil(() => client.EstablishedCount == 1 && server.EstablishedCount == 1, TcpSimulation.Second));

            Assert.Equal(TcpState.Established, client.Connection.State);
            Assert.Equal(TcpState.Established, server.Connection.State);
            ParsedSegment syn = client.Sent[0];
            Assert.True(syn.Has(TcpFlags.SYN) && !syn.Has(TcpFlags.ACK));
            Assert.Equal(1460, syn.Options.MaximumSegmentSize);
            Assert.True(syn.Options.HasWindowScale && syn.Options.SackPermitted && syn.Options.HasTimestamps);
            ParsedSegment synAck = server.Sent[0];
            Assert.True(synAck.Has(TcpFlags.SYN) && synAck.Has(TcpFlags.ACK));
            Assert.Equal(syn.Seq + 1, synAck.Ack);
            // The client clamps to the server's smaller MSS, less the 12 bytes of the timestamp option.
            Assert.Equal(1200 - 12, client.Connection.SendMss);
            Assert.Equal(1200 - 12, server.Connection.SendMss);   // its own route is the limit
            Assert.True(client.Connection.WindowScalingEnabled && client.Connection.SackEnabled && client.Connection.TimestampsEnabled);
            Assert.NotEqual(0u, client.Connection.PollEvents & PollEvents.EPOLLOUT);
            Assert.Equal(0u, client.Connection.PollEvents & (PollEvents.EPOLLIN | PollEvents.EPOLLHUP | PollEvents.EPOLLERR));
            // Three segments: SYN, SYN-ACK, ACK.
            Assert.Equal(2, client.Sent.Count);
            Assert.Single(server.Sent);
        }

        [Fact]
        public void SynIsRetransmittedWithBackoffThenConnectTimesOut()
        {
            var simulation = new TcpSimulation(2);
            var (client, server) = simulation.Pair();
            simulation.Drop = (from, segment) => true;
            client.Connect();
            Assert.True(simulation.RunUntil(() => client.ClosedCount == 1, 200 * TcpSimulation.Second));
            // One SYN and six retransmissions at 1, 3, 7, 15, 31, 63 s; failure at 127 s.
            Assert.Equal(7, client.Sent.Count);
            Assert.Equal(127 * TcpSimulation.Second, client.ClosedAt);
            Assert.NotEqual(0u, client.Connection.PollEvents & PollEvents.EPOLLERR);
            Assert.Equal(-Errno.ETIMEDOUT, client.Connection.TakeError());
            Assert.Equal(0, server.EstablishedCount);
        }

        [Fact]
        public void LostSynAckIsRecovered()
        {
            var simulation = new TcpSimulation(3);
            var (client, server) = simulation.Pair();
            int dropped = 0;
            simulation.Drop = (from, segment) => from == server && segment.Has(TcpFlags.SYN) && dropped++ < 2;
            client.Connect();
            Assert.True(simulation.RunUntil(() => client.EstablishedCount == 1 && server.EstablishedCount == 1, 10 * TcpSimulation.Second));
            Assert.True(dropped >= 3);   // two SYN-ACKs lost, the third (a retransmission) got through
        }

        [Fact]
        public void SimultaneousOpenEstablishesBoth()
        {
            var simulation = new TcpSimulation(4);
            SimulatedEndpoint a = simulation.AddEndpoint(0x0A000001, 5000);
            SimulatedEndpoint b = simulation.AddEndpoint(0x0A000002, 6000);
            a.Peer = b;
            b.Peer = a;
            a.Connect();
            b.Connect();
            Assert.True(simulation.RunUntil(() => a.EstablishedCount == 1 && b.EstablishedCount == 1, TcpSimulation.Second));
            Assert.Equal(TcpState.Established, a.Connection.State);
            Assert.Equal(TcpState.Established, b.Connection.State);
            // Data flows both ways afterwards.
            Assert.Equal(5, a.Connection.Send(new byte[] { 1, 2, 3, 4, 5 }));
            Assert.Equal(3, b.Connection.Send(new byte[] { 9, 8, 7 }));
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, b.ReadAvailable());
            Assert.Equal(new byte[] { 9, 8, 7 }, a.ReadAvailable());
        }

        [Fact]
        public void ResetAnswerToSynIsConnectionRefused()
        {
            var simulation = new TcpSimulation(5);
            var (client, server) = simulation.Pair();
            server.Listening = false;
            client.Connect();
            ParsedSegment syn = client.Sent[0];
            // The peer's stack answers a SYN to a closed port with RST|ACK (RFC 9293 3.10.7.1).
            var rst = new TcpSegment
            {
                SourcePort = server.Port,
                DestinationPort = client.Port,
                SequenceNumber = 0,
                AcknowledgmentNumber = syn.Seq + 1,
                Flags = TcpFlags.RST | TcpFlags.ACK,
            };
            client.Connection.OnSegment(rst, default, default);
            Assert.Equal(TcpState.Closed, client.Connection.State);
            Assert.Equal(1, client.ClosedCount);
            uint events = client.Connection.PollEvents;
            Assert.NotEqual(0u, events & PollEvents.EPOLLERR);
            Assert.NotEqual(0u, events & PollEvents.EPOLLHUP);
            Assert.Equal(-Errno.ECONNREFUSED, client.Connection.TakeError());
            Assert.Equal(0, client.Connection.TakeError());
        }

        [Fact]
        public void ResetWithWrongAckInSynSentIsIgnored()
        {
            var simulation = new TcpSimulation(6);
            var (client, _) = simulation.Pair();
            client.Connect();
            ParsedSegment syn = client.Sent[0];
            var rst = new TcpSegment
            {
                SourcePort = 80,
                DestinationPort = client.Port,
                AcknowledgmentNumber = syn.Seq + 77,
                Flags = TcpFlags.RST | TcpFlags.ACK,
            };
            client.Connection.OnSegment(rst, default, default);
            Assert.Equal(TcpState.SynSent, client.Connection.State);
        }

        [Fact]
        public void SendBeforeEstablishedIsAgain()
        {
            var simulation = new TcpSimulation(7);
            var (client, _) = simulation.Pair();
            client.Connect();
            Assert.Equal(-Errno.EAGAIN, client.Connection.Send(new byte[] { 1 }));
            Assert.Equal(-Errno.EAGAIN, client.Connection.Receive(new byte[4], false));
            Assert.Equal(0u, client.Connection.PollEvents & (PollEvents.EPOLLOUT | PollEvents.EPOLLIN));
        }
    }
}
