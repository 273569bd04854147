// Data both ways and the closing handshakes (RFC 9293 3.6): active close through FIN-WAIT and TIME-WAIT (60 s as
// Linux), passive close through CLOSE-WAIT and LAST-ACK, half-close, simultaneous close, FIN-WAIT-2 timeout, and
// the owner callbacks and pool chunks at the end.
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpCloseTests
    {
        private static (TcpSimulation, SimulatedEndpoint, SimulatedEndpoint) Connected(int seed)
        {
            var simulation = new TcpSimulation(seed);
            var (client, server) = simulation.Pair();
            client.Connect();
            Assert.True(simulation.RunUntil(() => client.EstablishedCount == 1 && server.EstablishedCount == 1, TcpSimulation.Second));
            return (simulation, client, server);
        }

        [Fact]
        public void DataThenActiveCloseGoesThroughTimeWait()
        {
            var (simulation, client, server) = Connected(10);
            Assert.Equal(11, client.Connection.Send(System.Text.Encoding.ASCII.GetBytes("hello world")));
            simulation.RunFor(100 * TcpSimulation.Millisecond);
            Assert.Equal(11, server.Connection.ReadableBytes);
            Assert.NotEqual(0u, server.Connection.PollEvents & PollEvents.EPOLLIN);
            byte[] peek = new byte[5];
            Assert.Equal(5, server.Connection.Receive(peek, true));
            Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(peek));
            Assert.Equal("hello world", System.Text.Encoding.ASCII.GetString(server.ReadAvailable()));
            Assert.Equal(-Errno.EAGAIN, server.Connection.Receive(new byte[10], false));

            Assert.Equal(0, client.Connection.Shutdown(false, true));
            Assert.Equal(TcpState.FinWait1, client.Connection.State);
            simulation.RunFor(100 * TcpSimulation.Millisecond);
            Assert.Equal(TcpState.FinWait2, client.Connection.State);
            Assert.Equal(TcpState.CloseWait, server.Connection.State);
            uint events = server.Connection.PollEvents;
            Assert.Equal(PollEvents.EPOLLIN | PollEvents.EPOLLRDNORM | PollEvents.EPOLLRDHUP | PollEvents.EPOLLOUT | PollEvents.EPOLLWRNORM, events);
            Assert.Equal(0, server.Connection.Receive(new byte[10], false));
            // CLOSE-WAIT still sends.
            Assert.Equal(3, server.Connection.Send(new byte[] { 1, 2, 3 }));
            simulation.RunFor(100 * TcpSimulation.Millisecond);
            server.Connection.Close();
            Assert.Equal(TcpState.LastAck, server.Connection.State);
            long closeTime = simulation.Now;
            Assert.True(simulation.RunUntil(() => server.ClosedCount == 1, TcpSimulation.Second));
            Assert.Equal(TcpState.TimeWait, client.Connection.State);
            Assert.Equal(1, server.ReleasableCount);
            Assert.Equal(new byte[] { 1, 2, 3 }, client.ReadAvailable());
            client.Connection.Close();
            long timeWaitStart = simulation.Now;
            Assert.True(simulation.RunUntil(() => client.ClosedCount == 1, 120 * TcpSimulation.Second));
            long timeWait = client.ClosedAt - timeWaitStart;
            Assert.InRange(timeWait, 60 * TcpSimulation.Second - 20 * TcpSimulation.Millisecond, 60 * TcpSimulation.Second);
            Assert.Equal(1, client.ReleasableCount);
            Assert.True(closeTime > 0);
            Assert.Equal(0, simulation.Chunks.InUse);
        }

        [Fact]
        public void HalfCloseLetsThePeerKeepSending()
        {
            var (simulation, client, server) = Connected(11);
            Assert.Equal(0, client.Connection.Shutdown(false, true));
            Assert.Equal(-Errno.EPIPE, client.Connection.Send(new byte[] { 1 }));
            simulation.RunFor(100 * TcpSimulation.Millisecond);
            Assert.Equal(TcpState.FinWait2, client.Connection.State);
            Assert.Equal(0, server.Connection.Receive(new byte[1], false));
            byte[] data = TcpTransfer.Pattern(100_000, 1);
            var transfer = new TcpTransfer(server, client, data, closeWhenDone: true);
            simulation.AfterEvent = transfer.Step;
            transfer.Step();
            Assert.True(simulation.RunUntil(() => transfer.ReaderSawEnd, 10 * TcpSimulation.Second));
            Assert.True(transfer.Matches());
            Assert.Equal(TcpState.TimeWait, client.Connection.State);
            // FIN-WAIT-2 without a user close has no timeout; TIME-WAIT ends, and then the user's close releases.
            simulation.RunFor(61 * TcpSimulation.Second);
            Assert.Equal(TcpState.Closed, client.Connection.State);
            Assert.Equal(0, client.ReleasableCount);
            server.Connection.Close();
            client.Connection.Close();
            Assert.Equal(1, client.ReleasableCount);
            Assert.Equal(1, server.ReleasableCount);
            Assert.Equal(0, simulation.Chunks.InUse);
        }

        [Fact]
        public void SimultaneousCloseGoesThroughClosing()
        {
            var (simulation, client, server) = Connected(12);
            client.Connection.Close();
            server.Connection.Close();
            Assert.Equal(TcpState.FinWait1, client.Connection.State);
            Assert.Equal(TcpState.FinWait1, server.Connection.State);
            simulation.RunUntil(() => client.Connection.State == TcpState.TimeWait && server.Connection.State == TcpState.TimeWait, TcpSimulation.Second);
            Assert.Equal(TcpState.TimeWait, client.Connection.State);
            Assert.Equal(TcpState.TimeWait, server.Connection.State);
            Assert.Contains(client.Sent, s => s.Has(TcpFlags.FIN));
            Assert.True(simulation.RunUntil(() => client.ReleasableCount == 1 && server.ReleasableCount == 1, 61 * TcpSimulation.Second));
        }

        [Fact]
        public void OrphanedFinWait2TimesOutAfterSixtySeconds()
        {
            var (simulation, client, server) = Connected(13);
            client.Connection.Close();
            simulation.RunFor(100 * TcpSimulation.Millisecond);
            Assert.Equal(TcpState.FinWait2, client.Connection.State);
            long start = simulation.Now;
            // The server never closes: the client gives up 60 s after it reached FIN-WAIT-2, with a RST.
            Assert.True(simulation.RunUntil(() => client.ClosedCount == 1, 120 * TcpSimulation.Second));
            Assert.InRange(client.ClosedAt - start, 59 * TcpSimulation.Second, 60 * TcpSimulation.Second);
            Assert.True(client.Sent[client.Sent.Count - 1].Has(TcpFlags.RST));
            Assert.Equal(1, client.ReleasableCount);
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(TcpState.Closed, server.Connection.State);
            Assert.Equal(-Errno.ECONNRESET, server.Connection.TakeError());
        }

        [Fact]
        public void CloseWithUnreadDataResets()
        {
            var (simulation, client, server) = Connected(14);
            client.Connection.Send(new byte[] { 1, 2, 3 });
            simulation.RunFor(100 * TcpSimulation.Millisecond);
            Assert.Equal(3, server.Connection.ReadableBytes);
            server.Connection.Close();
            Assert.Equal(TcpState.Closed, server.Connection.State);
            Assert.Equal(1, server.ReleasableCount);
            Assert.True(server.Sent[server.Sent.Count - 1].Has(TcpFlags.RST));
            simulation.RunFor(100 * TcpSimulation.Millisecond);
            Assert.Equal(TcpState.Closed, client.Connection.State);
            uint events = client.Connection.PollEvents;
            Assert.Equal(PollEvents.EPOLLERR, events & PollEvents.EPOLLERR);
            Assert.Equal(PollEvents.EPOLLHUP, events & PollEvents.EPOLLHUP);
            Assert.Equal(-Errno.ECONNRESET, client.Connection.Send(new byte[] { 1 }));
            Assert.Equal(-Errno.EPIPE, client.Connection.Send(new byte[] { 1 }));
            Assert.Equal(0, client.Connection.Receive(new byte[4], false));
            client.Connection.Close();
            Assert.Equal(1, client.ReleasableCount);
            Assert.Equal(0, simulation.Chunks.InUse);
        }

        [Fact]
        public void AbortSendsResetAndReleases()
        {
            var (simulation, client, server) = Connected(15);
            client.Connection.Send(new byte[5000]);
            client.Connection.Abort();
            Assert.Equal(TcpState.Closed, client.Connection.State);
            Assert.True(client.Connection.UserReleased);
            Assert.Equal(1, client.ClosedCount);
            Assert.Equal(1, client.ReleasableCount);
            simulation.RunFor(TcpSimulation.Second);
            Assert.Equal(TcpState.Closed, server.Connection.State);
            // Data that arrived before the reset is still read first, then the error, then end of file. Three
            // full segments went out before the RST; Nagle held the partial fourth.
            Assert.Equal(3 * client.Connection.SendMss, server.Connection.Receive(new byte[10000], false));
            Assert.Equal(-Errno.ECONNRESET, server.Connection.Receive(new byte[1], false));
            Assert.Equal(0, server.Connection.Receive(new byte[1], false));
        }
    }
}
