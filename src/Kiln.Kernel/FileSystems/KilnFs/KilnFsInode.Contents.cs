// A KilnFS file's contents: pages come in from the extent map (a hole reads as zeros; blocks that follow on disk are
// read ahead in one request into the page cache), writes stay in the page cache until a commit writes them back, and
// truncation unmaps blocks (free once the transaction commits). A symlink's target is kept in memory.
using System;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;
using Kiln.Linux;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed unsafe partial class KilnFsInode
    {
        public override int ReadLink(Span<byte> buffer)
        {
            if (!IsSymlink || SymlinkTarget == null)
            {
                return (int)-Errno.EINVAL;
            }

            int length = SymlinkTarget.Length < buffer.Length ? SymlinkTarget.Length : buffer.Length;
            new ReadOnlySpan<byte>(SymlinkTarget, 0, length).CopyTo(buffer);
            return length;
        }

        public override int ReadPage(ulong pageIndex, byte* page)
        {
            if (!LookupBlock(pageIndex, out ulong diskBlock, out ulong run) || (long)(pageIndex * Layout.PageSize) >= Size)
            {
                Cpu.FillMemory(page, 0, (nuint)Layout.PageSize);
                return 0;
            }

            return Volume.ReadFileBlocks(this, pageIndex, diskBlock, run, page);
        }

        public override int Sync(bool dataOnly) => Volume.Commit();

        // Data and attributes reach the log only at a commit: these schedule the timed one.
        public override void PageDirtied() => Volume.ScheduleCommit();

        public override void AttributesChanged() => Volume.ScheduleCommit();

        public override int SetSize(long size)
        {
            if (IsDirectory)
            {
                return (int)-Errno.EISDIR;
            }

            if (!IsRegular)
            {
                return (int)-Errno.EINVAL;
            }

            if (size < 0)
            {
                return (int)-Errno.EINVAL;
            }

            if (FileSystem.ReadOnly)
            {
                return (int)-Errno.EROFS;
            }

            ulong pageSize = Layout.PageSize;
            ulong tail = (ulong)size % pageSize;
            if (size < Size && tail != 0)
            {
                // The rest of the new last page must read as zeros if the file grows again. The page is read in
                // first, because reading may block and let a commit start; the zeros reach the disk at the next
                // commit (the block stays mapped).
                ulong frame = Pages.Get(this, (ulong)size / pageSize, out int error);
                if (frame == 0)
                {
                    return error;
                }

                Cpu.FillMemory((byte*)Layout.ToVirtual(frame) + tail, 0, (nuint)(pageSize - tail));
                Pages.MarkDirty((ulong)size / pageSize);
            }

            // Nothing below blocks, so the Truncate record and the blocks it frees belong to one transaction.
            int busy = Volume.BeginChange();
            if (busy < 0)
            {
                return busy;
            }

            if (size < Size)
            {
                if (!Volume.Pending.Reserve(LogRecordWriter.RecordHeaderSize + 16))
                {
                    return (int)-Errno.ENOMEM;
                }

                ulong keep = ((ulong)size + pageSize - 1) / pageSize;
                Pages.DropFrom(keep);
                Volume.Pending.AddTruncate(Number, (ulong)size);
                UnmapFrom(keep, Volume.DeferredFrees);
            }

            Size = size;
            FileTimes.Modified(this);
            return 0;
        }

        // Mode 0 and FALLOC_FL_KEEP_SIZE: checks there is room now (blocks are given out at commit, not reserved).
        public override int Allocate(int mode, long offset, long length)
        {
            const int FALLOC_FL_KEEP_SIZE = 1;
            if ((mode & ~FALLOC_FL_KEEP_SIZE) != 0)
            {
                return (int)-Errno.EOPNOTSUPP;
            }

            if (!IsRegular)
            {
                return IsDirectory ? (int)-Errno.EISDIR : (int)-Errno.ENODEV;
            }

            int busy = Volume.BeginChange();
            if (busy < 0)
            {
                return busy;
            }

            ulong blocks = ((ulong)length + Layout.PageSize - 1) / Layout.PageSize;
            if (blocks > Volume.Allocator.FreeCount)
            {
                return (int)-Errno.ENOSPC;
            }

            if ((mode & FALLOC_FL_KEEP_SIZE) == 0 && offset + length > Size)
            {
                Size = offset + length;
                FileTimes.Modified(this);
            }
            else
            {
                FileTimes.Changed(this);
            }

            return 0;
        }

        public override void Stat(LinuxStat* stat)
        {
            base.Stat(stat);
            if (IsRegular)
            {
                ulong blocks = _extents == null ? 0 : ExtentMap.MappedBlocks(_extents, _extentCount);
                stat->Blocks = (long)blocks * (KilnFsLayout.BlockSize / 512);
            }
        }
    }
}
