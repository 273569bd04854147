// Log replay over an in-memory log area: committed transactions are applied in order, an unfinished transaction, a
// torn block or a block from an earlier generation ends the log, and replay says where the next transaction goes.
using System;
using System.Collections.Generic;
using System.Text;
using Kiln.Storage;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Storage
{
    public class LogReplayTests
    {
        private const uint LogBlocks = 16;

        private sealed class MemoryLog : LogReplaySource
        {
            public readonly Dictionary<ulong, byte[]> Blocks = new Dictionary<ulong, byte[]>();

            public override bool ReadBlock(ulong block, Span<byte> buffer)
            {
                if (Blocks.TryGetValue(block, out byte[]? data))
                {
                    data.CopyTo(buffer);
                }
                else
                {
                    buffer.Clear();
                }

                return true;
            }
        }

        private sealed class Recorder : LogReplayTarget
        {
            public readonly List<string> Events = new List<string>();

            public override void Inode(in InodeRecord record) => Events.Add($"inode {record.Inode} mode {Convert.ToString(record.Mode, 8)} size {record.Size}");

            public override void Link(ulong parent, ulong child, ReadOnlySpan<byte> name) => Events.Add($"link {parent}/{Encoding.UTF8.GetString(name)} -> {child}");

            public override void Unlink(ulong parent, ReadOnlySpan<byte> name) => Events.Add($"unlink {parent}/{Encoding.UTF8.GetString(name)}");

            public override void Extent(in ExtentRecord record) => Events.Add($"extent {record.Inode} {record.FileBlock}+{record.Count} at {record.DiskBlock}");

            public override void Truncate(ulong inode, ulong size) => Events.Add($"truncate {inode} {size}");

            public override void FreeInode(ulong inode) => Events.Add($"free {inode}");

            public override void Symlink(ulong inode, ReadOnlySpan<byte> target) => Events.Add($"symlink {inode} {Encoding.UTF8.GetString(target)}");
        }

        private static Superblock NewSuperblock() => Superblock.Create(4096, LogBlocks, Encoding.UTF8.GetBytes("t"), 1, 2);

        // Writes one block of records at sequence in the active area.
        private static void WriteBlock(MemoryLog log, in Superblock superblock, ulong sequence, Action<LogRecordWriterBox> fill, ulong? generation = null)
        {
            byte[] block = new byte[KilnFsLayout.BlockSize];
            LogRecordWriterBox box = new LogRecordWriterBox(block);
            fill(box);
            LogBlock.Seal(block, generation ?? superblock.Generation, sequence, box.Used);
            log.Blocks[superblock.ActiveLogStart + sequence] = block;
        }

        // A class wrapper so lambdas can append (a ref struct cannot be captured).
        private sealed class LogRecordWriterBox
        {
            private readonly byte[] _block;

            public LogRecordWriterBox(byte[] block)
            {
                _block = block;
                Used = LogBlock.HeaderSize;
            }

            public int Used { get; private set; }

            public void Do(LogRecordWriterAction action)
            {
                LogRecordWriter writer = new LogRecordWriter(_block, Used);
                Assert.True(action(ref writer));
                Used = writer.Used;
            }
        }

        private delegate bool LogRecordWriterAction(ref LogRecordWriter writer);

        private static InodeRecord File(ulong inode, ulong size) => new InodeRecord { Inode = inode, Mode = 0x81A4, LinkCount = 1, Size = size };

        private static List<string> Replay(MemoryLog log, in Superblock superblock, out LogEnd end)
        {
            Recorder recorder = new Recorder();
            LogReplay.Run(log, recorder, superblock, new byte[KilnFsLayout.BlockSize], out end);
            return recorder.Events;
        }

        [Fact]
        public void Committed_transactions_are_applied_in_order()
        {
            MemoryLog log = new MemoryLog();
            Superblock superblock = NewSuperblock();
            WriteBlock(log, superblock, 0, b =>
            {
                b.Do((ref LogRecordWriter w) => w.TryAddInode(File(2, 10)));
                b.Do((ref LogRecordWriter w) => w.TryAddLink(1, 2, Encoding.UTF8.GetBytes("a")));
                b.Do((ref LogRecordWriter w) => w.TryAddExtent(new ExtentRecord(2, 0, 600, 1)));
                b.Do((ref LogRecordWriter w) => w.TryAddCommit(1));
            });
            WriteBlock(log, superblock, 1, b =>
            {
                b.Do((ref LogRecordWriter w) => w.TryAddUnlink(1, Encoding.UTF8.GetBytes("a")));
                b.Do((ref LogRecordWriter w) => w.TryAddFreeInode(2));
                b.Do((ref LogRecordWriter w) => w.TryAddCommit(2));
            });

            List<string> events = Replay(log, superblock, out LogEnd end);
            Assert.Equal(new[] { "inode 2 mode 100644 size 10", "link 1/a -> 2", "extent 2 0+1 at 600", "unlink 1/a", "free 2" }, events);
            Assert.Equal(2UL, end.Transactions);
            Assert.Equal(2UL, end.LastTransaction);
            Assert.Equal(2UL, end.NextSequence);
            Assert.Equal(0UL, end.DiscardedBlocks);
        }

        [Fact]
        public void An_unfinished_transaction_is_not_applied_and_its_blocks_are_reused()
        {
            MemoryLog log = new MemoryLog();
            Superblock superblock = NewSuperblock();
            WriteBlock(log, superblock, 0, b =>
            {
                b.Do((ref LogRecordWriter w) => w.TryAddInode(File(2, 1)));
                b.Do((ref LogRecordWriter w) => w.TryAddCommit(1));
                b.Do((ref LogRecordWriter w) => w.TryAddTruncate(2, 0));
            });
            WriteBlock(log, superblock, 1, b => b.Do((ref LogRecordWriter w) => w.TryAddSymlink(3, Encoding.UTF8.GetBytes("x"))));

            List<string> events = Replay(log, superblock, out LogEnd end);
            Assert.Equal(new[] { "inode 2 mode 100644 size 1" }, events);
            Assert.Equal(1UL, end.NextSequence);
            Assert.Equal(1UL, end.DiscardedBlocks);
        }

        [Fact]
        public void A_torn_block_ends_the_log()
        {
            MemoryLog log = new MemoryLog();
            Superblock superblock = NewSuperblock();
            WriteBlock(log, superblock, 0, b => { b.Do((ref LogRecordWriter w) => w.TryAddInode(File(2, 1))); b.Do((ref LogRecordWriter w) => w.TryAddCommit(1)); });
            WriteBlock(log, superblock, 1, b => { b.Do((ref LogRecordWriter w) => w.TryAddInode(File(3, 1))); b.Do((ref LogRecordWriter w) => w.TryAddCommit(2)); });
            WriteBlock(log, superblock, 2, b => { b.Do((ref LogRecordWriter w) => w.TryAddInode(File(4, 1))); b.Do((ref LogRecordWriter w) => w.TryAddCommit(3)); });
            log.Blocks[superblock.ActiveLogStart + 1][600] ^= 0xFF;

            List<string> events = Replay(log, superblock, out LogEnd end);
            Assert.Equal(new[] { "inode 2 mode 100644 size 1" }, events);
            Assert.Equal(1UL, end.NextSequence);
        }

        [Fact]
        public void Blocks_from_an_earlier_generation_or_out_of_sequence_are_ignored()
        {
            MemoryLog log = new MemoryLog();
            Superblock superblock = NewSuperblock();
            superblock.Generation = 3;
            WriteBlock(log, superblock, 0, b => { b.Do((ref LogRecordWriter w) => w.TryAddInode(File(2, 1))); b.Do((ref LogRecordWriter w) => w.TryAddCommit(9)); });
            WriteBlock(log, superblock, 1, b => { b.Do((ref LogRecordWriter w) => w.TryAddInode(File(3, 1))); b.Do((ref LogRecordWriter w) => w.TryAddCommit(10)); }, generation: 1);

            Assert.Equal(new[] { "inode 2 mode 100644 size 1" }, Replay(log, superblock, out _));

            // Block 1's bytes placed at sequence 2 do not count either.
            MemoryLog shifted = new MemoryLog();
            WriteBlock(shifted, superblock, 0, b => b.Do((ref LogRecordWriter w) => w.TryAddCommit(1)));
            WriteBlock(shifted, superblock, 1, b => b.Do((ref LogRecordWriter w) => w.TryAddCommit(2)));
            shifted.Blocks[superblock.ActiveLogStart + 2] = shifted.Blocks[superblock.ActiveLogStart + 1];
            Replay(shifted, superblock, out LogEnd end);
            Assert.Equal(2UL, end.Transactions);
        }

        [Fact]
        public void A_transaction_spanning_blocks_counts_only_with_its_commit()
        {
            MemoryLog log = new MemoryLog();
            Superblock superblock = NewSuperblock();
            WriteBlock(log, superblock, 0, b =>
            {
                for (ulong i = 0; i < 40; i++)
                {
                    ulong inode = 10 + i;
                    b.Do((ref LogRecordWriter w) => w.TryAddInode(File(inode, inode)));
                }
            });
            Assert.Empty(Replay(log, superblock, out LogEnd unfinished));
            Assert.Equal(0UL, unfinished.NextSequence);

            WriteBlock(log, superblock, 1, b => b.Do((ref LogRecordWriter w) => w.TryAddCommit(1)));
            Assert.Equal(40, Replay(log, superblock, out LogEnd end).Count);
            Assert.Equal(2UL, end.NextSequence);
        }

        [Fact]
        public void A_full_block_refuses_a_record_whole()
        {
            byte[] block = new byte[KilnFsLayout.BlockSize];
            LogRecordWriter writer = new LogRecordWriter(block);
            int added = 0;
            while (writer.TryAddInode(File(2, 0)))
            {
                added++;
            }

            Assert.Equal((KilnFsLayout.BlockSize - LogBlock.HeaderSize) / LogRecordWriter.InodeSize, added);
            Assert.True(writer.Used <= KilnFsLayout.BlockSize);
            Assert.False(writer.TryAddLink(1, 2, new byte[256]));
        }
    }
}
