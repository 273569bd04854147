// A file system whose files the kernel makes up as they are looked at (/dev, /proc, /sys): no backing store, no
// page cache, nothing to sync. Its inodes are created on lookup from tables of PseudoEntry and freed when nothing
// refers to them any more; only each root lives as long as the mount.
using Internal.Runtime;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Pseudo
{
    internal sealed unsafe class PseudoFileSystem : FileSystem
    {
        private readonly long _magic;

        /// <summary>A file system mounted at <paramref name="mountPath"/> whose root is <paramref name="root"/> (a new directory, made root here).</summary>
        public PseudoFileSystem(long magic, string mountPath, PseudoDirectory root)
        {
            _magic = magic;
            MountPath = mountPath;
            root.InitializeRoot(this);
            Root = root;
        }

        /// <summary>Where the file system is mounted ("/proc"), for the paths /proc/self/fd and mounts show.</summary>
        public readonly string MountPath;

        /// <summary>Symlinks report their target's length as st_size (/dev, as devtmpfs); /proc's and /sys's report 0.</summary>
        public bool ReportsSymlinkSize;

        public override long Magic => _magic;

        public override void StatFs(LinuxStatFs* statfs)
        {
            statfs->BlockSize = 4096;
        }

        /// <summary>An inode made on lookup has no references left: give back its parent and its memory.</summary>
        public override void Evict(Inode inode)
        {
            if (inode is PseudoInode pseudo)
            {
                pseudo.ReleaseParent();
            }

            ObjectMemory.Free(inode);
        }
    }
}
