// A tmpfs regular file: its contents are the page cache and nothing else (a page never written reads as zeros).
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Tmpfs
{
    internal sealed unsafe class TmpfsFile : Inode
    {
        public TmpfsFile(TmpfsFileSystem fileSystem, uint mode)
        {
            Initialize(fileSystem, fileSystem.NewInodeNumber(), mode);
            FileTimes.Stamp(this);
            LinkCount = 1;
            Pages = new PageCache();
        }

        public override int SetSize(long size)
        {
            if (size < 0)
            {
                return (int)-Errno.EINVAL;
            }

            if (size < Size)
            {
                ulong pageSize = Layout.PageSize;
                Pages.DropFrom(((ulong)size + pageSize - 1) / pageSize);
                ulong tail = (ulong)size % pageSize;
                if (tail != 0)
                {
                    ulong frame = Pages.Find((ulong)size / pageSize);
                    if (frame != 0)
                    {
                        Cpu.FillMemory((byte*)Layout.ToVirtual(frame) + tail, 0, (nuint)(pageSize - tail));
                    }
                }
            }

            Size = size;
            FileTimes.Modified(this);
            return 0;
        }

        // Mode 0 and FALLOC_FL_KEEP_SIZE: the pages are filled in now, so later writes cannot run out of memory.
        public override int Allocate(int mode, long offset, long length)
        {
            const int FALLOC_FL_KEEP_SIZE = 1;
            if ((mode & ~FALLOC_FL_KEEP_SIZE) != 0)
            {
                return (int)-Errno.EOPNOTSUPP;
            }

            ulong first = (ulong)offset / Layout.PageSize;
            ulong last = (ulong)(offset + length - 1) / Layout.PageSize;
            for (ulong index = first; index <= last; index++)
            {
                if (Pages.Get(this, index, out int error) == 0)
                {
                    return error == (int)-Errno.ENOMEM ? (int)-Errno.ENOSPC : error;
                }
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
            stat->Blocks = Pages.Pages * (long)(Layout.PageSize / 512);
        }
    }
}
