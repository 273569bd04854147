// Connections are pooled by the stack: one TcpConnection object goes through many lives, and the chunk pool stops
// growing once warm. Memory must follow the bytes queued, never the number of connections that came and went.
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpPoolingTests
    {
        [Fact]
        public void ReusedConnectionsKeepThePoolFlat()
        {
            var simulation = new TcpSimulation(60) { LossRate = 0.02 };
            var (client, server) = simulation.Pair();
            for (int life = 0; life < 300; life++)
            {
                byte[] data = TcpTransfer.Pattern(20_000 + life * 37, life);
                var transfer = new TcpTransfer(client, server, data, closeWhenDone: true);
                simulation.AfterEvent = transfer.Step;
                client.Connect();
                Assert.True(simulation.RunUntil(() => transfer.ReaderSawEnd, 60 * TcpSimulation.Second), $"life {life}");
                Assert.True(transfer.Matches(), $"life {life}: {transfer.Received.Count} of {data.Length}");
                server.Connection.Close();
                client.Connection.Close();
                simulation.AfterEvent = null;
                Assert.True(simulation.RunUntil(
                    () => client.ReleasableCount == 1 && server.ReleasableCount == 1, 300 * TcpSimulation.Second), $"life {life} close");
                Assert.Equal(0, simulation.Chunks.InUse);
                client.Rearm();
                server.Rearm();
            }
            // The pool never held more than one send and one receive buffer's worth (and two partial chunks each).
            var options = TcpConnectionOptions.Default;
            int bound = (options.SendBufferSize + options.ReceiveBufferSize) / TcpChunkPool.DefaultChunkSize + 4;
            Assert.InRange(simulation.Chunks.Created, 1, bound);
        }
    }
}
