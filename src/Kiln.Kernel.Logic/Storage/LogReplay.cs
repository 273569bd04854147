// Replays the active log area of a KilnFS (docs/filesystem.md) in two passes over its blocks. The first finds the
// end: blocks are taken while they are valid (magic, CRC, generation, sequence) and well-formed, and the position
// just past the last Commit record is remembered. The second applies every record before that position. Records of
// a transaction whose Commit never reached the disk are therefore never applied.
using System;

namespace Kiln.Storage
{
    public static class LogReplay
    {
        /// <summary>
        /// Applies the committed records of <paramref name="superblock"/>'s active log to <paramref name="target"/>;
        /// <paramref name="scratch"/> is a 4096-byte buffer.
        /// </summary>
        public static void Run(LogReplaySource source, LogReplayTarget target, in Superblock superblock, Span<byte> scratch, out LogEnd end)
        {
            end = default;
            ulong start = superblock.ActiveLogStart;

            // Pass 1: the block and offset just past the last Commit.
            ulong commitBlock = 0;
            int commitOffset = 0;
            bool sawCommit = false;
            ulong validBlocks = 0;
            for (ulong sequence = 0; sequence < superblock.LogBlocks; sequence++)
            {
                if (!source.ReadBlock(start + sequence, scratch))
                {
                    end.ReadError = true;
                    break;
                }

                if (!LogBlock.TryValidate(scratch, superblock.Generation, sequence, out int used))
                {
                    break;
                }

                LogRecordReader reader = new LogRecordReader(scratch, used);
                bool malformed = false;
                while (reader.Next(out LogRecordType type, out ReadOnlySpan<byte> payload))
                {
                    if (type == LogRecordType.Commit)
                    {
                        if (!LogRecordReader.TryDecodeWord(payload, out ulong transaction))
                        {
                            malformed = true;
                            break;
                        }

                        sawCommit = true;
                        commitBlock = sequence;
                        commitOffset = reader.Offset;
                        end.LastTransaction = transaction;
                    }
                }

                if (malformed || reader.Malformed)
                {
                    break;
                }

                validBlocks = sequence + 1;
            }

            if (!sawCommit)
            {
                end.DiscardedBlocks = validBlocks;
                return;
            }

            end.NextSequence = commitBlock + 1;
            end.DiscardedBlocks = validBlocks - end.NextSequence;

            // Pass 2: apply everything before the end of the last Commit.
            for (ulong sequence = 0; sequence <= commitBlock; sequence++)
            {
                if (!source.ReadBlock(start + sequence, scratch) || !LogBlock.TryValidate(scratch, superblock.Generation, sequence, out int used))
                {
                    // The block read and validated in pass 1; failing now is an I/O error.
                    end.ReadError = true;
                    return;
                }

                int limit = sequence == commitBlock ? commitOffset : used;
                LogRecordReader reader = new LogRecordReader(scratch, limit);
                while (reader.Next(out LogRecordType type, out ReadOnlySpan<byte> payload))
                {
                    Apply(target, type, payload, ref end);
                }
            }
        }

        private static void Apply(LogReplayTarget target, LogRecordType type, ReadOnlySpan<byte> payload, ref LogEnd end)
        {
            end.Records++;
            switch (type)
            {
                case LogRecordType.Inode:
                    if (InodeRecord.TryDecode(payload, out InodeRecord inode))
                    {
                        target.Inode(inode);
                    }

                    break;
                case LogRecordType.Link:
                    if (LogRecordReader.TryDecodeLink(payload, out ulong parent, out ulong child, out ReadOnlySpan<byte> name))
                    {
                        target.Link(parent, child, name);
                    }

                    break;
                case LogRecordType.Unlink:
                    if (LogRecordReader.TryDecodeUnlink(payload, out ulong directory, out ReadOnlySpan<byte> removed))
                    {
                        target.Unlink(directory, removed);
                    }

                    break;
                case LogRecordType.Extent:
                    if (ExtentRecord.TryDecode(payload, out ExtentRecord extent))
                    {
                        target.Extent(extent);
                    }

                    break;
                case LogRecordType.Truncate:
                    if (LogRecordReader.TryDecodeTwoWords(payload, out ulong truncated, out ulong size))
                    {
                        target.Truncate(truncated, size);
                    }

                    break;
                case LogRecordType.FreeInode:
                    if (LogRecordReader.TryDecodeWord(payload, out ulong freed))
                    {
                        target.FreeInode(freed);
                    }

                    break;
                case LogRecordType.Symlink:
                    if (LogRecordReader.TryDecodeSymlink(payload, out ulong link, out ReadOnlySpan<byte> linkTarget))
                    {
                        target.Symlink(link, linkTarget);
                    }

                    break;
                case LogRecordType.Commit:
                    end.Records--;
                    end.Transactions++;
                    break;
                default:
                    // An unknown record kind from a newer format: skipped (the version number guards incompatible changes).
                    end.Records--;
                    break;
            }
        }
    }
}
