// A mounted file system: its root directory, its device number (st_dev), and what the VFS asks of the whole file
// system (statfs, sync, evicting an inode nothing refers to). Each kind (tmpfs, the image's KilnFS, /dev, /proc,
// /sys) derives its own.
using Kiln.Linux;

namespace Kiln.Kernel.Vfs
{
    internal abstract unsafe class FileSystem
    {
        private static ulong s_nextDeviceId = 1;

        /// <summary>The root directory (held for as long as the file system is mounted).</summary>
        public Inode Root;

        /// <summary>The directory this file system is mounted on; null for the root file system.</summary>
        public Inode MountPoint;

        /// <summary>st_dev of every inode here: an anonymous device number (major 0), unique per file system.</summary>
        public readonly ulong DeviceId = s_nextDeviceId++;

        /// <summary>Mounted read-only: every change answers EROFS.</summary>
        public bool ReadOnly;

        /// <summary>The f_type statfs reports (TMPFS_MAGIC, PROC_SUPER_MAGIC ...).</summary>
        public abstract long Magic { get; }

        /// <summary>Fills f_blocks, f_bfree, f_files ... (the caller zeroed it and sets f_type, f_fsid, f_flags).</summary>
        public abstract void StatFs(LinuxStatFs* statfs);

        /// <summary>Writes everything dirty and makes it durable (sync, syncfs): 0 or -errno.</summary>
        public virtual int Sync() => 0;

        /// <summary>An inode has no names and no references left: free it and what it holds.</summary>
        public abstract void Evict(Inode inode);
    }
}
