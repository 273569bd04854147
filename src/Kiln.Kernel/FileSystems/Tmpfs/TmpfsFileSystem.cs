// tmpfs: a file system that lives only in memory. Directories are name tables (TmpfsDirectory), file contents are
// only the page cache (TmpfsFile), symlinks keep their target (TmpfsSymlink). It serves /tmp and memfd_create. An
// inode nothing names or holds any more is freed with its pages.
using Internal.Runtime;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Tmpfs
{
    internal sealed unsafe class TmpfsFileSystem : FileSystem
    {
        private ulong _nextInode = 1;
        private long _inodes;

        /// <summary>A new, empty tmpfs whose root directory has permission bits <paramref name="rootPermissions"/>.</summary>
        public static TmpfsFileSystem Create(uint rootPermissions)
        {
            TmpfsFileSystem fileSystem = new TmpfsFileSystem();
            TmpfsDirectory root = new TmpfsDirectory(fileSystem, Inode.S_IFDIR | rootPermissions, null);
            fileSystem.Root = root;
            root.Hold();
            return fileSystem;
        }

        public override long Magic => LinuxStatFs.TMPFS_MAGIC;

        /// <summary>Inodes alive in this file system.</summary>
        public long InodeCount => _inodes;

        /// <summary>The number for a new inode, counted as alive until evicted.</summary>
        public ulong NewInodeNumber()
        {
            _inodes++;
            return _nextInode++;
        }

        // tmpfs's default size is half of RAM; what is free is what the page allocator still has, up to that.
        public override void StatFs(LinuxStatFs* statfs)
        {
            ulong blocks = (ulong)PhysicalMemory.TotalPages / 2;
            ulong free = (ulong)PhysicalMemory.FreePages;
            statfs->BlockSize = (long)Layout.PageSize;
            statfs->FragmentSize = (long)Layout.PageSize;
            statfs->Blocks = blocks;
            statfs->FreeBlocks = free < blocks ? free : blocks;
            statfs->AvailableBlocks = statfs->FreeBlocks;
            statfs->Files = blocks;
            statfs->FreeFiles = blocks - (ulong)_inodes;
            statfs->NameLength = 255;
        }

        public override void Evict(Inode inode)
        {
            _inodes--;
            if (inode is TmpfsDirectory directory)
            {
                directory.FreeEntries();
            }
            else if (inode is TmpfsSymlink symlink)
            {
                symlink.FreeTarget();
            }

            if (inode.Pages != null)
            {
                inode.Pages.DropFrom(0);
                ObjectMemory.Free(inode.Pages);
                inode.Pages = null;
            }

            ObjectMemory.Free(inode);
        }
    }
}
