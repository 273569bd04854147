// Making a KilnFS volume durable (docs/filesystem.md, "Writing (the kernel)"): (1) write every dirty page of every
// linked file, in place when its block is mapped, else into newly allocated blocks recorded by Extent records;
// (2) flush; (3) append an Inode record for each inode whose attributes changed, then Commit, and write the log
// blocks after the last committed one, the block holding the Commit only after the others are durable; (4) flush. Only then do blocks freed by the transaction become reusable. When
// the active log area cannot take the transaction, a checkpoint writes a snapshot of the whole tree into the other
// area instead and switches the superblock to it. Commits are serialized, and tree changes wait for a commit in
// progress (BeginChange).
using System;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Vfs;
using Kiln.Linux;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed unsafe partial class KilnFs
    {
        /// <summary>Transactions written since mount (checkpoints included).</summary>
        public ulong Commits;

        /// <summary>Checkpoints written since mount.</summary>
        public ulong Checkpoints;

        /// <summary>Commits everything pending (fsync, fdatasync, sync, syncfs): 0 or -errno.</summary>
        public int Commit()
        {
            if (ReadOnly)
            {
                return 0;
            }

            while (_committing)
            {
                _commitDone.Wait(Scheduler.Forever, interruptible: false);
            }

            if (_failed)
            {
                return (int)-Errno.EIO;
            }

            // This commit takes everything changed so far; a change from here on schedules the next one.
            _commitScheduled = false;
            if (_commitTimer.IsArmed)
            {
                Scheduler.CancelTimer(_commitTimer);
            }
            _committing = true;
            int result = CommitLocked();
            if (result == (int)-Errno.EIO)
            {
                // The disk and the memory may now disagree about what is committed: no further changes.
                _failed = true;
                KernelLog.WriteLine("kilnfs: an I/O error while committing; the volume takes no more changes");
            }

            _committing = false;
            _commitDone.WakeAll();
            return result;
        }

        private int CommitLocked()
        {
            bool wroteData = false;
            for (int bucket = 0; bucket < Inodes.BucketCount; bucket++)
            {
                for (KilnFsInode inode = Inodes.Bucket(bucket); inode != null; inode = inode.NextInTable)
                {
                    if (inode.IsRegular && inode.LinkCount > 0 && inode.Pages != null)
                    {
                        int written = WriteBack(inode);
                        if (written < 0)
                        {
                            return written;
                        }

                        wroteData |= written > 0;
                    }
                }
            }

            if (wroteData && Disk.Flush() < 0)
            {
                return (int)-Errno.EIO;
            }

            for (int bucket = 0; bucket < Inodes.BucketCount; bucket++)
            {
                for (KilnFsInode inode = Inodes.Bucket(bucket); inode != null; inode = inode.NextInTable)
                {
                    if (inode.AttributesDiffer())
                    {
                        if (!Pending.Reserve(LogRecordWriter.InodeSize))
                        {
                            return (int)-Errno.ENOMEM;
                        }

                        inode.LogAttributes(Pending);
                    }
                }
            }

            if (Pending.IsEmpty)
            {
                // Data overwritten in place needs no record: the flush above made it durable.
                return 0;
            }

            if (!Pending.Reserve(LogRecordWriter.CommitSize))
            {
                return (int)-Errno.ENOMEM;
            }

            Pending.AddCommit(_nextTransaction);
            int result;
            if (_nextSequence + (ulong)Pending.Blocks <= _superblock.LogBlocks)
            {
                Pending.Seal(_superblock.Generation, _nextSequence);
                result = WriteLog(Pending, _superblock.ActiveLogStart + _nextSequence);

                if (result == 0)
                {
                    _nextSequence += (ulong)Pending.Blocks;
                }
            }
            else
            {
                result = Checkpoint();
            }

            if (result < 0)
            {
                // The pending records now hold a Commit in their middle; appending more would break atomicity.
                _failed = true;
                return result;
            }

            _nextTransaction++;
            Commits++;
            Pending.Clear();
            Allocator.CommitFrees();
            return 0;
        }

        // Writes one file's dirty pages: 1 when something was written, 0 when nothing was dirty, or -errno.
        private int WriteBack(KilnFsInode inode)
        {
            int wrote = 0;
            PageCache pages = inode.Pages;
            ulong index = 0;
            while (pages.Next(ref index, dirtyOnly: true, out _))
            {
                ulong pagesInFile = ((ulong)inode.Size + Layout.PageSize - 1) / Layout.PageSize;
                if (index >= pagesInFile)
                {
                    // Past the end (a truncation raced with a write): nothing of it belongs to the file.
                    pages.MarkClean(index);
                    index++;
                    continue;
                }

                // A run of dirty pages that is all mapped to consecutive blocks, or all unmapped.
                bool mapped = inode.LookupBlock(index, out ulong diskBlock, out ulong sameRun);
                ulong limit = sameRun < BatchBlocks ? sameRun : BatchBlocks;
                if (limit > pagesInFile - index)
                {
                    limit = pagesInFile - index;
                }

                ulong count = 1;
                while (count < limit && pages.IsDirty(index + count))
                {
                    count++;
                }

                if (!mapped)
                {
                    if (!Pending.Reserve(LogRecordWriter.ExtentSize))
                    {
                        return (int)-Errno.ENOMEM;
                    }

                    diskBlock = Allocator.Allocate(count, out ulong got);
                    if (diskBlock == 0)
                    {
                        return (int)-Errno.ENOSPC;
                    }

                    count = got;
                    inode.MapBlocks(index, diskBlock, count, null);
                    Pending.AddExtent(inode.Number, index, diskBlock, (uint)count);
                }

                // Clean before copying: a write that lands while the disk write below blocks dirties the page again.
                for (ulong i = 0; i < count; i++)
                {
                    ulong frame = pages.Find(index + i);
                    pages.MarkClean(index + i);
                    Cpu.CopyMemory(_bounce + (i * KilnFsLayout.BlockSize), Layout.ToVirtual(frame), KilnFsLayout.BlockSize);
                }

                if (Disk.Write(diskBlock, _bounce, (int)count) < 0)
                {
                    return (int)-Errno.EIO;
                }

                wrote = 1;
                index += count;
            }

            return wrote;
        }

        // Writes a transaction's sealed blocks to consecutive log blocks from partition block `first`, and flushes. The
        // last block, which holds the Commit, goes only after the others are durable: a device that reorders writes
        // could otherwise make the Commit durable without the records it seals.
        private int WriteLog(KilnFsTransaction transaction, ulong first)
        {
            int result = WriteLogBlocks(transaction, first, 0, transaction.Blocks - 1);
            if (result == 0 && transaction.Blocks > 1)
            {
                result = Disk.Flush() < 0 ? (int)-Errno.EIO : 0;
            }

            if (result == 0)
            {
                result = WriteLogBlocks(transaction, first, transaction.Blocks - 1, transaction.Blocks);
            }

            return result == 0 && Disk.Flush() < 0 ? (int)-Errno.EIO : result;
        }

        // Writes blocks [from, to) of a transaction, BatchBlocks per request.
        private int WriteLogBlocks(KilnFsTransaction transaction, ulong first, int from, int to)
        {
            int done = from;
            while (done < to)
            {
                int batch = to - done < BatchBlocks ? to - done : BatchBlocks;
                for (int i = 0; i < batch; i++)
                {
                    Cpu.CopyMemory(_bounce + (i * KilnFsLayout.BlockSize), transaction.Block(done + i), KilnFsLayout.BlockSize);
                }

                if (Disk.Write(first + (ulong)done, _bounce, batch) < 0)
                {
                    return (int)-Errno.EIO;
                }

                done += batch;
            }

            return 0;
        }

        // A snapshot of the whole tree (Inode, Symlink and Extent records of every inode, then the Link records of
        // every directory, then one Commit) into the inactive area under the next generation, then the superblock
        // naming it, each step flushed: a crash before the superblock write leaves the old area in force.
        private int Checkpoint()
        {
            ulong generation = _superblock.Generation + 1;
            _snapshot.Clear();
            for (int bucket = 0; bucket < Inodes.BucketCount; bucket++)
            {
                for (KilnFsInode inode = Inodes.Bucket(bucket); inode != null; inode = inode.NextInTable)
                {
                    if (!_snapshot.Reserve(LogRecordWriter.InodeSize))
                    {
                        return (int)-Errno.ENOMEM;
                    }

                    inode.LogAttributes(_snapshot);
                    if (inode.IsSymlink && inode.SymlinkTarget != null)
                    {
                        if (!_snapshot.Reserve(LogRecordWriter.SymlinkSize(inode.SymlinkTarget.Length)))
                        {
                            return (int)-Errno.ENOMEM;
                        }

                        _snapshot.AddSymlink(inode.Number, inode.SymlinkTarget);
                    }

                    ReadOnlySpan<FileExtent> extents = inode.Extents;
                    for (int i = 0; i < extents.Length; i++)
                    {
                        if (!_snapshot.Reserve(LogRecordWriter.ExtentSize))
                        {
                            return (int)-Errno.ENOMEM;
                        }

                        _snapshot.AddExtent(inode.Number, extents[i].FileBlock, extents[i].DiskBlock, extents[i].Count);
                    }
                }
            }

            for (int bucket = 0; bucket < Inodes.BucketCount; bucket++)
            {
                for (KilnFsInode inode = Inodes.Bucket(bucket); inode != null; inode = inode.NextInTable)
                {
                    if (!inode.IsDirectory)
                    {
                        continue;
                    }

                    DirectoryNames<KilnFsInode> names = inode.Entries;
                    for (int slot = names.FirstAtOrAfter(0); slot < names.End; slot = names.NextAfter(slot))
                    {
                        byte[] name = names.NameAt(slot);
                        if (!_snapshot.Reserve(LogRecordWriter.LinkSize(name.Length)))
                        {
                            return (int)-Errno.ENOMEM;
                        }

                        _snapshot.AddLink(inode.Number, names.ValueAt(slot).Number, name);
                    }
                }
            }

            if (!_snapshot.Reserve(LogRecordWriter.CommitSize))
            {
                return (int)-Errno.ENOMEM;
            }

            _snapshot.AddCommit(_nextTransaction);
            if ((ulong)_snapshot.Blocks > _superblock.LogBlocks)
            {
                KernelLog.WriteLine("kilnfs: the tree no longer fits in a log area; the volume needs larger log areas");
                return (int)-Errno.ENOSPC;
            }

            _snapshot.Seal(generation, 0);
            if (WriteLog(_snapshot, _superblock.InactiveLogStart) < 0)
            {
                return (int)-Errno.EIO;
            }

            Superblock next = _superblock;
            next.Generation = generation;
            next.ActiveLog = _superblock.ActiveLog ^ 1;
            next.NextInode = _nextInode;
            Cpu.FillMemory(_bounce, 0, KilnFsLayout.BlockSize);
            next.Write(new Span<byte>(_bounce, KilnFsLayout.BlockSize));
            if (Disk.Write((ulong)next.Slot, _bounce, 1) < 0 || Disk.Flush() < 0)
            {
                return (int)-Errno.EIO;
            }

            _superblock = next;
            _nextSequence = (ulong)_snapshot.Blocks;
            _snapshot.Clear();
            Checkpoints++;
            return 0;
        }
    }
}
