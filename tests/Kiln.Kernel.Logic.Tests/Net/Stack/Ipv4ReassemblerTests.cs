// Ipv4Reassembler on its own: fragments in any order make the datagram, exact duplicates are ignored, partial overlaps
// and inconsistent lengths drop it, datagrams time out after 30 s, the number in progress and the bytes held are
// capped, and every buffer goes back to the pool.
using System;
using System.Linq;
using Kiln.Net;
using Kiln.Net.Stack;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class Ipv4ReassemblerTests
    {
        private static byte[] Fragment(ushort id, int offset, byte[] payload, bool more, uint source = 0x0A00_0001)
        {
            byte[] frame = RawFrames.Ipv4(0, 0, source, 0x0A00_0002, IpProtocol.Udp, payload, id, (ushort)(offset / 8), more);
            return frame.AsSpan(EthernetFrame.HeaderLength).ToArray();
        }

        private static PacketBuffer? Add(Ipv4Reassembler reassembler, byte[] packet, long now)
        {
            Assert.Equal(NetError.None, Ipv4Header.Parse(packet, out Ipv4Header header));
            return reassembler.Add(header, packet, now);
        }

        private static byte[] Data(int length, int seed)
        {
            var data = new byte[length];
            new Random(seed).NextBytes(data);
            return data;
        }

        [Fact]
        public void FragmentsInAnyOrderMakeTheDatagram()
        {
            var pool = new PacketBufferPool(1 << 24);
            var reassembler = new Ipv4Reassembler(pool, 8, 1 << 20);
            byte[] data = Data(4000, 1);
            int[] order = { 3, 0, 2, 1 };
            PacketBuffer? whole = null;
            foreach (int index in order)
            {
                int offset = index * 1000;
                Assert.Null(whole);
                whole = Add(reassembler, Fragment(9, offset, data.AsSpan(offset, 1000).ToArray(), index < 3), 0);
                if (index == 0)
                {
                    // A duplicate of a fragment already held changes nothing.
                    Assert.Null(Add(reassembler, Fragment(9, 0, data.AsSpan(0, 1000).ToArray(), true), 0));
                }
            }

            Assert.NotNull(whole);
            Assert.Equal(NetError.None, Ipv4Header.Parse(whole!.Data.AsSpan(0, whole.Length), out Ipv4Header header));
            Assert.Equal(4020, header.TotalLength);
            Assert.False(header.MoreFragments);
            Assert.Equal(data, whole.Data.AsSpan(20, 4000).ToArray());
            pool.Return(whole);
            Assert.Equal(0, reassembler.InProgress);
            Assert.Equal(0, pool.Outstanding);
        }

        [Fact]
        public void PartialOverlapDropsTheDatagram()
        {
            var pool = new PacketBufferPool(1 << 24);
            var reassembler = new Ipv4Reassembler(pool, 8, 1 << 20);
            byte[] data = Data(2400, 2);
            Assert.Null(Add(reassembler, Fragment(1, 0, data.AsSpan(0, 1200).ToArray(), true), 0));
            Assert.Null(Add(reassembler, Fragment(1, 800, data.AsSpan(800, 800).ToArray(), true), 0));
            Assert.Equal(0, reassembler.InProgress);
            Assert.Equal(1, reassembler.Dropped);
            Assert.Null(Add(reassembler, Fragment(1, 1600, data.AsSpan(1600, 800).ToArray(), false), 0));
            Assert.Equal(1, reassembler.InProgress);
            Assert.Equal(0, pool.Outstanding - 1);
        }

        [Fact]
        public void InconsistentLengthsAndBadFragmentsAreRefused()
        {
            var pool = new PacketBufferPool(1 << 24);
            var reassembler = new Ipv4Reassembler(pool, 8, 1 << 20);

            // A middle fragment whose length is not a multiple of 8 is invalid.
            Assert.Null(Add(reassembler, Fragment(2, 0, new byte[100], true), 0));
            Assert.Equal(0, reassembler.InProgress);

            // Data beyond the end a last fragment set drops the datagram.
            Assert.Null(Add(reassembler, Fragment(3, 800, new byte[200], false), 0));
            Assert.Null(Add(reassembler, Fragment(3, 1000, new byte[200], true), 0));
            Assert.Equal(0, reassembler.InProgress);

            // A datagram that would pass 65,535 bytes (ping of death) is refused.
            Assert.Null(Add(reassembler, Fragment(4, 65528, new byte[200], false), 0));
            Assert.Equal(0, reassembler.InProgress);
            Assert.Equal(0, pool.Outstanding);
        }

        [Fact]
        public void IncompleteDatagramsTimeOutAfterThirtySeconds()
        {
            var pool = new PacketBufferPool(1 << 24);
            var reassembler = new Ipv4Reassembler(pool, 8, 1 << 20);
            Assert.Null(Add(reassembler, Fragment(5, 0, new byte[800], true), 1000));
            Assert.Equal(1000 + Ipv4Reassembler.TimeoutNs, reassembler.NextDeadline);
            reassembler.Expire(1000 + Ipv4Reassembler.TimeoutNs - 1);
            Assert.Equal(1, reassembler.InProgress);
            reassembler.Expire(1000 + Ipv4Reassembler.TimeoutNs);
            Assert.Equal(0, reassembler.InProgress);
            Assert.Equal(long.MaxValue, reassembler.NextDeadline);
            Assert.Equal(0, pool.Outstanding);
        }

        [Fact]
        public void DatagramsInProgressAndBytesHeldAreCapped()
        {
            var pool = new PacketBufferPool(1 << 26);
            var reassembler = new Ipv4Reassembler(pool, 4, 64 * 1024);
            for (int i = 0; i < 100; i++)
            {
                Assert.Null(Add(reassembler, Fragment((ushort)i, 0, new byte[8000], true, (uint)(0x0A00_0100 + i)), i));
                Assert.InRange(reassembler.InProgress, 1, 4);
                Assert.InRange(reassembler.HeldBytes, 1, 64 * 1024);
            }

            // The newest datagrams survived the evictions and can still complete.
            PacketBuffer? whole = Add(reassembler, Fragment(99, 8000, new byte[8], false, 0x0A00_0100 + 99), 100);
            Assert.NotNull(whole);
            Assert.Equal(8028, whole!.Length);
        }
    }
}
