// Reading a file's blocks into its page cache. A page whose block is followed on disk by more of the file's blocks
// brings up to BatchBlocks of them in one request: they are read into physically contiguous frames, the first is
// copied into the page the cache asked for and the rest become cache pages themselves (unless another thread cached
// that page meanwhile, since the read blocks).
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Linux;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed unsafe partial class KilnFs
    {
        /// <summary>Fills <paramref name="page"/> (file page <paramref name="pageIndex"/>, mapped to <paramref name="diskBlock"/>, with <paramref name="run"/> blocks mapped consecutively from there), reading ahead: 0 or -EIO.</summary>
        public int ReadFileBlocks(KilnFsInode inode, ulong pageIndex, ulong diskBlock, ulong run, byte* page)
        {
            ulong pagesInFile = ((ulong)inode.Size + Layout.PageSize - 1) / Layout.PageSize;
            ulong count = run < BatchBlocks ? run : BatchBlocks;
            if (count > pagesInFile - pageIndex)
            {
                count = pagesInFile - pageIndex;
            }

            // Stop at the first page already cached.
            ulong wanted = 1;
            while (wanted < count && inode.Pages.Find(pageIndex + wanted) == 0)
            {
                wanted++;
            }

            ulong frames = wanted > 1 ? PhysicalMemory.AllocateContiguous(wanted) : 0;
            if (frames == 0)
            {
                return Disk.Read(diskBlock, page, 1) < 0 ? (int)-Errno.EIO : 0;
            }

            byte* buffer = (byte*)Layout.ToVirtual(frames);
            if (Disk.Read(diskBlock, buffer, (int)wanted) < 0)
            {
                for (ulong i = 0; i < wanted; i++)
                {
                    PhysicalMemory.FreePage(frames + (i * Layout.PageSize));
                }

                return (int)-Errno.EIO;
            }

            Cpu.CopyMemory(page, buffer, KilnFsLayout.BlockSize);
            PhysicalMemory.FreePage(frames);
            for (ulong i = 1; i < wanted; i++)
            {
                ulong frame = frames + (i * Layout.PageSize);
                if (inode.Pages == null || inode.Pages.Find(pageIndex + i) != 0 || !inode.Pages.Insert(pageIndex + i, frame, dirty: false))
                {
                    PhysicalMemory.FreePage(frame);
                }
            }

            return 0;
        }
    }
}
