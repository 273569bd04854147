// A tmpfs regular file: its contents are the page cache and nothing else. A file from the initrd also has "initial
// contents", the bytes in the initrd image: a page is copied from there the first time it is touched, so a file that
// is never read costs no memory beyond the initrd itself.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Tmpfs
{
    internal sealed unsafe class TmpfsFile : Inode
    {
        private byte* _initial;
        private long _initialLength;

        public TmpfsFile(TmpfsFileSystem fileSystem, uint mode)
        {
            Initialize(fileSystem, fileSystem.NewInodeNumber(), mode);
            FileTimes.Stamp(this);
            LinkCount = 1;
            Pages = new PageCache();
        }

        /// <summary>Backs the file with <paramref name="length"/> bytes at <paramref name="data"/> (which live as long as the kernel) and sets its size.</summary>
        public void SetInitialContents(byte* data, long length)
        {
            _initial = data;
            _initialLength = length;
            Size = length;
        }

        public override int ReadPage(ulong pageIndex, byte* page)
        {
            long offset = (long)(pageIndex * Layout.PageSize);
            long copy = 0;
            if (offset < _initialLength)
            {
                copy = _initialLength - offset;
                if (copy > (long)Layout.PageSize)
                {
                    copy = (long)Layout.PageSize;
                }

                Cpu.CopyMemory(page, _initial + offset, (nuint)copy);
            }

            if (copy < (long)Layout.PageSize)
            {
                Cpu.FillMemory(page + copy, 0, (nuint)((long)Layout.PageSize - copy));
            }

            return 0;
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

                // What was cut off must read as zeros if the file grows again, not come back from the initrd.
                if (_initialLength > size)
                {
                    _initialLength = size;
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
