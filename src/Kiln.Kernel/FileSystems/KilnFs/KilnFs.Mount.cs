// Mounting a KilnFS partition: choose the superblock slot in force, replay the active log into the in-memory tree,
// free orphans (inodes with no links: unlinked while open when the machine stopped), and mark the metadata areas and
// every mapped block used. Log blocks an unfinished transaction left past the end need no clearing: they hold no
// Commit (a commit's last block is written only once the others are durable), and the next transactions overwrite
// them in order before any later Commit can follow them.
using System;
using Internal.Runtime;
using Kiln.Kernel.Console;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Storage;
using Kiln.Kernel.Vfs;
using Kiln.Linux;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed unsafe partial class KilnFs
    {
        /// <summary>Orphans freed and records found inconsistent at mount, for the mount report.</summary>
        public ulong OrphansFreed;
        public ulong InconsistentRecords;

        /// <summary>
        /// Mounts the KilnFS in sectors [firstSector, firstSector + sectorCount) of <paramref name="device"/>: the
        /// volume, or null with -errno in <paramref name="error"/> (EINVAL: no valid superblock; EIO; ENOMEM).
        /// </summary>
        public static KilnFs Mount(BlockDevice device, ulong firstSector, ulong sectorCount, bool readOnly, out int error)
        {
            error = 0;
            KilnFsDisk disk = new KilnFsDisk(device, firstSector, sectorCount);
            ulong bounceFrames = PhysicalMemory.AllocateContiguous(BatchBlocks);
            if (bounceFrames == 0)
            {
                error = (int)-Errno.ENOMEM;
                return null;
            }

            byte* bounce = (byte*)Layout.ToVirtual(bounceFrames);
            if (disk.BlockCount < 2 || disk.Read(0, bounce, 2) < 0)
            {
                error = (int)-Errno.EIO;
                return null;
            }

            ReadOnlySpan<byte> slot0 = new ReadOnlySpan<byte>(bounce, KilnFsLayout.BlockSize);
            ReadOnlySpan<byte> slot1 = new ReadOnlySpan<byte>(bounce + KilnFsLayout.BlockSize, KilnFsLayout.BlockSize);
            if (!Superblock.Choose(slot0, slot1, out Superblock superblock) || superblock.BlockCount > disk.BlockCount)
            {
                error = (int)-Errno.EINVAL;
                return null;
            }

            KilnFs volume = new KilnFs(disk, superblock, readOnly || device.ReadOnly);
            volume._bounce = bounce;
            error = volume.Load();
            if (error < 0)
            {
                return null;
            }

            if (!volume.ReadOnly)
            {
                KilnFsCommitter.Register(volume);
            }

            return volume;
        }

        /// <summary>Prints the mount report (with kiln.verbose=1; the crash-consistency test reads it).</summary>
        public void Report(int diskIndex)
        {
            Span<byte> label = stackalloc byte[Superblock.LabelLength];
            int length = _superblock.CopyLabel(label);
            KernelLog.Write("kilnfs: mounted \"");
            KernelLog.Write(label.Slice(0, length));
            KernelLog.Write("\" from disk ");
            KernelLog.WriteDecimal((long)diskIndex);
            KernelLog.Write(ReadOnly ? " read-only: " : ": ");
            KernelLog.WriteDecimal(_superblock.BlockCount);
            KernelLog.Write(" blocks, ");
            KernelLog.WriteDecimal(Allocator.FreeCount);
            KernelLog.Write(" free, ");
            KernelLog.WriteDecimal((long)Inodes.Count);
            KernelLog.Write(" inodes, ");
            KernelLog.WriteDecimal(_replayedTransactions);
            KernelLog.Write(" transactions replayed, generation ");
            KernelLog.WriteDecimal(_superblock.Generation);
            KernelLog.Write(", ");
            KernelLog.WriteDecimal(OrphansFreed);
            KernelLog.Write(" orphans freed, ");
            KernelLog.WriteDecimal(InconsistentRecords);
            KernelLog.WriteLine(" inconsistent records");
        }

        private ulong _replayedTransactions;

        private int Load()
        {
            KilnFsReplayTarget target = new KilnFsReplayTarget(this);
            Span<byte> scratch = new Span<byte>(_bounce + KilnFsLayout.BlockSize, KilnFsLayout.BlockSize);
            LogReplay.Run(new KilnFsLogSource(Disk, _bounce), target, _superblock, scratch, out LogEnd end);
            if (end.ReadError)
            {
                return (int)-Errno.EIO;
            }

            _replayedTransactions = end.Transactions;
            InconsistentRecords = target.Inconsistent;
            _nextSequence = end.NextSequence;
            _nextTransaction = end.LastTransaction + 1;
            _nextInode = _superblock.NextInode > target.HighestInode ? _superblock.NextInode : target.HighestInode + 1;

            KilnFsInode root = Inodes.Find(KilnFsLayout.RootInode);
            if (root == null || !root.IsDirectory)
            {
                KernelLog.WriteLine("kilnfs: the log has no root directory");
                return (int)-Errno.EINVAL;
            }

            root.Parent = root;
            Root = root;
            root.Hold();

            FreeOrphans();
            Allocator.Reserve(0, KilnFsLayout.FirstDataBlock(_superblock.LogBlocks));
            for (int bucket = 0; bucket < Inodes.BucketCount; bucket++)
            {
                for (KilnFsInode inode = Inodes.Bucket(bucket); inode != null; inode = inode.NextInTable)
                {
                    ReadOnlySpan<FileExtent> extents = inode.Extents;
                    for (int i = 0; i < extents.Length; i++)
                    {
                        if (!Allocator.Reserve(extents[i].DiskBlock, extents[i].Count))
                        {
                            // Mapped twice or past the end: keep the tree, but say so.
                            InconsistentRecords++;
                        }
                    }
                }
            }

            return 0;
        }

        // Inodes with no links left: their records go, their blocks are free (they are not reserved above). On a
        // writable mount a FreeInode record for each joins the first transaction, so the next mount does not meet them.
        private void FreeOrphans()
        {
            for (int bucket = 0; bucket < Inodes.BucketCount; bucket++)
            {
                KilnFsInode inode = Inodes.Bucket(bucket);
                while (inode != null)
                {
                    KilnFsInode next = inode.NextInTable;
                    if (inode.LinkCount == 0 && inode.Number != KilnFsLayout.RootInode)
                    {
                        if (!ReadOnly && Pending.Reserve(LogRecordWriter.RecordHeaderSize + 8))
                        {
                            Pending.AddFreeInode(inode.Number);
                        }

                        Inodes.Remove(inode);
                        inode.FreeContents();
                        ObjectMemory.Free(inode.Pages);
                        ObjectMemory.Free(inode);
                        OrphansFreed++;
                    }

                    inode = next;
                }
            }
        }
    }
}
