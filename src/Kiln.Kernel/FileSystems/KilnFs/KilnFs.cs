// A mounted KilnFS partition (docs/filesystem.md): the in-memory tree replayed from the log, the free-block bitmap,
// the pending transaction, and the commit that makes them durable. Split by concern: KilnFs.Mount.cs (superblock,
// replay, bitmap, orphans), KilnFs.Commit.cs (data, log records, checkpoint), KilnFs.Io.cs (reading file blocks).
using Internal.Runtime;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Vfs;
using Kiln.Linux;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed unsafe partial class KilnFs : FileSystem
    {
        /// <summary>statfs f_type: "KILN".</summary>
        public const long KILNFS_MAGIC = 0x4B494C4E;

        /// <summary>Blocks moved per request when reading ahead or writing back (64 KiB).</summary>
        public const int BatchBlocks = 16;

        /// <summary>
        /// A pending transaction this large (256 KiB of records) is committed before the next change, so a program that
        /// never syncs does not pile up records in memory without bound.
        /// </summary>
        public const int AutoCommitBlocks = 64;

        public readonly KilnFsDisk Disk;
        public readonly KilnFsInodeTable Inodes = new KilnFsInodeTable();
        public readonly BlockAllocator Allocator;
        public readonly KilnFsDeferredFrees DeferredFrees;

        /// <summary>The records of the transaction the next commit writes.</summary>
        public readonly KilnFsTransaction Pending = new KilnFsTransaction();

        /// <summary>The commit timer fired: the committer thread commits this volume next.</summary>
        public bool CommitDue;

        private readonly KilnFsTransaction _snapshot = new KilnFsTransaction();
        private readonly KilnFsCommitTimer _commitTimer;
        private readonly WaitQueue _commitDone = new WaitQueue();
        private Superblock _superblock;
        private ulong _nextInode;
        private ulong _nextSequence;
        private ulong _nextTransaction;
        private bool _committing;
        private bool _failed;

        // A change happened since the last commit began and the commit timer is armed for it.
        private bool _commitScheduled;

        // BatchBlocks contiguous blocks for commit writes and mount-time reads (one user at a time: commits are serialized).
        private byte* _bounce;

        private KilnFs(KilnFsDisk disk, in Superblock superblock, bool readOnly)
        {
            Disk = disk;
            _superblock = superblock;
            ReadOnly = readOnly;
            Allocator = new BlockAllocator(superblock.BlockCount);
            DeferredFrees = new KilnFsDeferredFrees(Allocator);
            _commitTimer = new KilnFsCommitTimer(this);
        }

        public override long Magic => KILNFS_MAGIC;

        /// <summary>The superblock in force.</summary>
        public Superblock Superblock => _superblock;

        public override void StatFs(LinuxStatFs* statfs)
        {
            statfs->BlockSize = KilnFsLayout.BlockSize;
            statfs->FragmentSize = KilnFsLayout.BlockSize;
            statfs->Blocks = _superblock.BlockCount;
            statfs->FreeBlocks = Allocator.FreeCount;
            statfs->AvailableBlocks = Allocator.FreeCount;

            // Inodes cost log space and memory, not a table: report as many as there are blocks, like a fresh ext4.
            statfs->Files = _superblock.BlockCount;
            ulong used = (ulong)Inodes.Count;
            statfs->FreeFiles = used < _superblock.BlockCount ? _superblock.BlockCount - used : 0;
            statfs->NameLength = LogRecordWriter.MaxNameLength;
        }

        public override int Sync() => Commit();

        /// <summary>A number no inode of this volume has had.</summary>
        public ulong NewInodeNumber() => _nextInode++;

        /// <summary>
        /// Called before any change to the tree: -EROFS on a read-only mount, -EIO after a failed commit, otherwise
        /// waits until no commit is in progress (so the change lands wholly in the next transaction) and returns 0.
        /// </summary>
        public int BeginChange()
        {
            if (ReadOnly)
            {
                return (int)-Errno.EROFS;
            }

            while (_committing)
            {
                _commitDone.Wait(Scheduler.Forever, interruptible: false);
            }

            if (!_failed && Pending.Blocks >= AutoCommitBlocks)
            {
                int committed = Commit();
                if (committed < 0)
                {
                    return committed;
                }
            }

            if (_failed)
            {
                return (int)-Errno.EIO;
            }

            ScheduleCommit();
            return 0;
        }

        /// <summary>
        /// Something changed that the next commit writes (a tree change, a page dirtied, attributes): makes sure a
        /// commit comes within KilnFsCommitter.IntervalNs. Only the first change after a commit arms the timer.
        /// </summary>
        public void ScheduleCommit()
        {
            if (!_commitScheduled && !ReadOnly)
            {
                _commitScheduled = KilnFsCommitter.Arm(_commitTimer);
            }
        }

        public override void Evict(Inode inode)
        {
            KilnFsInode victim = (KilnFsInode)inode;
            if (BeginChange() == 0 && Pending.Reserve(LogRecordWriter.RecordHeaderSize + 8))
            {
                // Without the record (no memory) the inode stays on disk with no links, and the next mount frees it.
                Pending.AddFreeInode(victim.Number);
                victim.UnmapFrom(0, DeferredFrees);
            }

            Inodes.Remove(victim);
            victim.FreeContents();
            ObjectMemory.Free(victim.Pages);
            victim.Pages = null;
            ObjectMemory.Free(victim);
        }
    }
}
