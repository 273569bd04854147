// A property test over many seeds: both directions at once through a link with random loss, reordering,
// duplication and delay, random buffer sizes, MSS and Nagle settings, readers that pause; every byte must arrive
// in order both ways, both sides must see the end of the stream, and everything must close and release.
using System;
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpRandomLinkTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void BothDirectionsSurviveRandomLinks(int batch)
        {
            for (int seed = batch * 15; seed < batch * 15 + 15; seed++)
            {
                RunOne(seed);
            }
        }

        /// <summary>Seeds that once failed: 1117 an ACK war between two closed windows (out-of-window ACKs are
        /// now rate-limited and carry the highest sequence sent); 1219 a timeout retransmission that sent new data
        /// past SND.MAX, whose ACK the sender then refused; 1244 a stale zero window that the retransmission timer
        /// counted down to ETIMEDOUT without probing.</summary>
        [Theory]
        [InlineData(1117)]
        [InlineData(1219)]
        [InlineData(1244)]
        [InlineData(1082)]
        [InlineData(1206)]
        public void SeedsThatOnceFailed(int seed)
        {
            RunOne(seed);
        }

        private static void RunOne(int seed)
        {
            var random = new Random(seed);
            var simulation = new TcpSimulation(seed)
            {
                LossRate = random.NextDouble() * 0.15,
                ReorderRate = random.NextDouble() * 0.2,
                DuplicateRate = random.NextDouble() * 0.1,
                Delay = (1 + random.Next(40)) * TcpSimulation.Millisecond,
            };
            var (client, server) = simulation.Pair(mss: 200 + random.Next(1300));
            server.Mss = 200 + random.Next(1300);
            foreach (SimulatedEndpoint endpoint in new[] { client, server })
            {
                var options = TcpConnectionOptions.Default;
                options.ReceiveBufferSize = 2048 + random.Next(200_000);
                options.SendBufferSize = 2048 + random.Next(200_000);
                options.NoDelay = random.Next(2) == 0;
                endpoint.InitialOptions = options;
            }
            byte[] up = TcpTransfer.Pattern(random.Next(400_000), seed);
            byte[] down = TcpTransfer.Pattern(random.Next(400_000), seed + 1000);
            var upload = new TcpTransfer(client, server, up, closeWhenDone: true);
            var download = new TcpTransfer(server, client, down, closeWhenDone: true);
            simulation.AfterEvent = () =>
            {
                if (random.Next(50) == 0)
                {
                    upload.ReaderPaused = !upload.ReaderPaused;
                }
                if (random.Next(50) == 0)
                {
                    download.ReaderPaused = !download.ReaderPaused;
                }
                upload.Step();
                download.Step();
            };
            client.Connect();
            bool finished = simulation.RunUntil(() =>
            {
                if (simulation.PacketsInFlight == 0 && (upload.ReaderPaused || download.ReaderPaused))
                {
                    upload.ReaderPaused = false;
                    download.ReaderPaused = false;
                    upload.Step();
                    download.Step();
                }
                return upload.ReaderSawEnd && download.ReaderSawEnd;
            }, 3000 * TcpSimulation.Second);
            string where = $"seed {seed}: up {upload.Received.Count}/{up.Length}, down {download.Received.Count}/{down.Length}, "
                + $"client {client.Connection.State} {client.Connection.TakeError()} at {client.ClosedAt / 1000000} ms, "
                + $"server {server.Connection.State} {server.Connection.TakeError()} at {server.ClosedAt / 1000000} ms, "
                + $"loss {simulation.LossRate:F3} reorder {simulation.ReorderRate:F3} dup {simulation.DuplicateRate:F3}";
            Assert.True(finished, where);
            Assert.True(upload.Matches(), where);
            Assert.True(download.Matches(), where);
            client.Connection.Close();
            server.Connection.Close();
            simulation.AfterEvent = null;
            Assert.True(simulation.RunUntil(() => client.ReleasableCount == 1 && server.ReleasableCount == 1, 3000 * TcpSimulation.Second), where);
            Assert.Equal(0, simulation.Chunks.InUse);
        }
    }
}
