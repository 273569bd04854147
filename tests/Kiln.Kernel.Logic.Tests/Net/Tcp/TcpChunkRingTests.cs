// The chunked byte queue and its pool: bytes in order through chunk boundaries, writes ahead of Length (out-of-order
// data), chunks rented only where written and returned as the head passes them, capacity and pool limits.
using System;
using Kiln.Net.Tcp;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpChunkRingTests
    {
        [Fact]
        public void BytesComeOutInOrderAcrossChunksAndChunksGoBack()
        {
            var pool = new TcpChunkPool(64);
            var ring = new TcpChunkRing();
            ring.Configure(pool, 1000);
            byte[] data = TcpTransfer.Pattern(700, 1);
            Assert.Equal(700, ring.Append(data, 1000));
            Assert.Equal(11, pool.InUse);   // ceil(700 / 64)
            byte[] output = new byte[700];
            ring.CopyOut(0, output.AsSpan(0, 100));
            ring.Discard(100);
            Assert.Equal(10, pool.InUse);   // the head passed the first chunk
            ring.CopyOut(0, output.AsSpan(100, 600));
            Assert.Equal(data, output);
            ring.Discard(600);
            Assert.Equal(0, ring.Length);
            Assert.Equal(0, pool.InUse);
        }

        [Fact]
        public void AppendStopsAtTheLimitAndTheCapacity()
        {
            var pool = new TcpChunkPool(64);
            var ring = new TcpChunkRing();
            ring.Configure(pool, 256);
            Assert.Equal(200, ring.Append(new byte[500], 200));
            Assert.Equal(0, ring.Append(new byte[5], 200));
            Assert.True(ring.Capacity >= 256);
            Assert.Equal(ring.Capacity - 200, ring.Append(new byte[5000], int.MaxValue));
            ring.Clear();
            Assert.Equal(0, pool.InUse);
        }

        [Fact]
        public void OutOfOrderWritesRentOnlyTheChunksTheyTouch()
        {
            var pool = new TcpChunkPool(64);
            var ring = new TcpChunkRing();
            ring.Configure(pool, 4096);
            byte[] data = TcpTransfer.Pattern(1000, 2);
            Assert.True(ring.Write(640, data.AsSpan(640, 100)));
            Assert.Equal(2, pool.InUse);
            Assert.Equal(0, ring.Length);
            Assert.True(ring.Write(0, data.AsSpan(0, 640)));
            ring.SetLength(740);
            byte[] output = new byte[740];
            ring.CopyOut(0, output);
            Assert.Equal(data.AsSpan(0, 740).ToArray(), output);
            ring.Write(900, data.AsSpan(900, 100));
            ring.ForgetBeyondLength();
            Assert.Equal(740, ring.WrittenExtent);
            ring.Discard(740);
            Assert.Equal(0, pool.InUse);
        }

        [Fact]
        public void WrapsAroundItsSlotsManyTimes()
        {
            var pool = new TcpChunkPool(64);
            var ring = new TcpChunkRing();
            ring.Configure(pool, 300);
            byte[] data = TcpTransfer.Pattern(100_000, 3);
            int written = 0;
            int read = 0;
            byte[] output = new byte[data.Length];
            var random = new Random(3);
            while (read < data.Length)
            {
                written += ring.Append(data.AsSpan(written, Math.Min(random.Next(200), data.Length - written)), 300);
                int take = Math.Min(random.Next(200), ring.Length);
                ring.CopyOut(0, output.AsSpan(read, take));
                ring.Discard(take);
                read += take;
                Assert.True(pool.InUse <= 300 / 64 + 2);
            }
            Assert.Equal(data, output);
            Assert.Equal(0, pool.InUse);
        }

        [Fact]
        public void AnExhaustedPoolRefusesWrites()
        {
            var pool = new TcpChunkPool(64, maxChunks: 2);
            var ring = new TcpChunkRing();
            ring.Configure(pool, 1000);
            Assert.Equal(128, ring.Append(new byte[500], 1000));
            Assert.False(ring.Write(400, new byte[10]));
            Assert.Null(pool.Rent());
            ring.Clear();
            Assert.NotNull(pool.Rent());
            Assert.Equal(2, pool.Created);
        }

        [Fact]
        public void GrowingTheSlotsKeepsTheQueuedBytes()
        {
            var pool = new TcpChunkPool(64);
            var ring = new TcpChunkRing();
            ring.Configure(pool, 200);
            byte[] data = TcpTransfer.Pattern(400, 4);
            ring.Append(data.AsSpan(0, 150), 200);
            ring.Discard(100);
            ring.Append(data.AsSpan(150, 50), 200);
            ring.Configure(pool, 1000);
            ring.Append(data.AsSpan(200, 200), 1000);
            byte[] output = new byte[300];
            ring.CopyOut(0, output);
            Assert.Equal(data.AsSpan(100, 300).ToArray(), output);
        }
    }
}
