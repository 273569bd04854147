// An inode: one file, directory, symlink or device node of a mounted file system, with its attributes and, for
// regular files, its page cache. Every file system derives its own kind and overrides what it supports; the defaults
// are Linux's answers for an inode without the operation (ENOTDIR for directory operations on a non-directory ...).
//
// Lifetime: LinkCount counts the names a file system's tree gives the inode; References counts the kernel's uses of
// it (open file descriptions, working directories, file mappings, a system call holding it while it works). Lookup and
// the create calls return a child with one reference taken for the caller, who gives it back with Drop. When both
// counts reach zero the file system's Evict frees the inode (there is no garbage collector).
using System;
using Kiln.Kernel.Files;
using Kiln.Linux;

namespace Kiln.Kernel.Vfs
{
    internal abstract unsafe class Inode
    {
        public const uint S_IFMT = 0xF000;
        public const uint S_IFSOCK = 0xC000;
        public const uint S_IFLNK = 0xA000;
        public const uint S_IFREG = 0x8000;
        public const uint S_IFBLK = 0x6000;
        public const uint S_IFDIR = 0x4000;
        public const uint S_IFCHR = 0x2000;
        public const uint S_IFIFO = 0x1000;

        /// <summary>The file system this inode belongs to.</summary>
        public FileSystem FileSystem;

        /// <summary>The inode number, unique within the file system.</summary>
        public ulong Number;

        /// <summary>File type (S_IFMT bits) and permission bits, as st_mode.</summary>
        public uint Mode;

        public uint Uid;
        public uint Gid;

        /// <summary>Names in the file system's tree that refer to this inode (st_nlink).</summary>
        public uint LinkCount;

        /// <summary>The size in bytes (st_size): file length, symlink target length, 0 or an entry count for directories.</summary>
        public long Size;

        /// <summary>st_rdev for device nodes.</summary>
        public ulong DeviceNumber;

        /// <summary>Times in nanoseconds since the Unix epoch.</summary>
        public long AccessTime;
        public long ModifyTime;
        public long ChangeTime;

        /// <summary>For a directory: the directory holding it (itself for a file system's root), for ".." and getcwd.</summary>
        public Inode Parent;

        /// <summary>For a directory: the root of the file system mounted on it, or null.</summary>
        public Inode MountedHere;

        /// <summary>The pages of a regular file's contents held in memory; file systems with no page cache leave it null.</summary>
        public PageCache Pages;

        private int _references;

        public int References => _references;

        public uint Type => Mode & S_IFMT;

        public bool IsDirectory => (Mode & S_IFMT) == S_IFDIR;

        public bool IsSymlink => (Mode & S_IFMT) == S_IFLNK;

        public bool IsRegular => (Mode & S_IFMT) == S_IFREG;

        /// <summary>
        /// True when the inode has lost its last name (an unlinked file, a removed directory). Pseudo file systems'
        /// inodes, made on lookup with no link count, override this: they are never removed.
        /// </summary>
        public virtual bool IsRemoved => LinkCount == 0;

        public void Hold() => _references++;

        /// <summary>Gives back one reference; an inode with no names and no references left is evicted.</summary>
        public void Drop()
        {
            _references--;
            if (_references == 0 && LinkCount == 0)
            {
                FileSystem.Evict(this);
            }
        }

        // ---- Directories (ENOTDIR for anything else). Names are one path component, never "." or "..". ----

        /// <summary>The child called <paramref name="name"/>, held for the caller; -ENOENT when there is none.</summary>
        public virtual int Lookup(ReadOnlySpan<byte> name, out Inode child)
        {
            child = null;
            return (int)-Errno.ENOTDIR;
        }

        /// <summary>Creates a regular file, FIFO, socket or device node (type in <paramref name="mode"/>); the new inode is held for the caller.</summary>
        public virtual int Create(ReadOnlySpan<byte> name, uint mode, ulong deviceNumber, out Inode child)
        {
            child = null;
            return IsDirectory ? (int)-Errno.EPERM : (int)-Errno.ENOTDIR;
        }

        public virtual int MakeDirectory(ReadOnlySpan<byte> name, uint mode, out Inode child)
        {
            child = null;
            return IsDirectory ? (int)-Errno.EPERM : (int)-Errno.ENOTDIR;
        }

        public virtual int MakeSymlink(ReadOnlySpan<byte> name, ReadOnlySpan<byte> target, out Inode child)
        {
            child = null;
            return IsDirectory ? (int)-Errno.EPERM : (int)-Errno.ENOTDIR;
        }

        /// <summary>Adds the name <paramref name="name"/> for <paramref name="target"/> (same file system, not a directory).</summary>
        public virtual int Link(ReadOnlySpan<byte> name, Inode target) => IsDirectory ? (int)-Errno.EPERM : (int)-Errno.ENOTDIR;

        /// <summary>Removes a non-directory's name.</summary>
        public virtual int Unlink(ReadOnlySpan<byte> name) => IsDirectory ? (int)-Errno.EPERM : (int)-Errno.ENOTDIR;

        /// <summary>Removes an empty directory.</summary>
        public virtual int RemoveDirectory(ReadOnlySpan<byte> name) => IsDirectory ? (int)-Errno.EPERM : (int)-Errno.ENOTDIR;

        /// <summary>Moves <paramref name="name"/> to <paramref name="newName"/> in <paramref name="newParent"/> (same file system), with renameat2 flags.</summary>
        public virtual int Rename(ReadOnlySpan<byte> name, Inode newParent, ReadOnlySpan<byte> newName, uint flags) =>
            IsDirectory ? (int)-Errno.EPERM : (int)-Errno.ENOTDIR;

        /// <summary>
        /// Lists entries from <paramref name="position"/> (0 = start; "." and ".." included) into <paramref name="sink"/>
        /// until it is full or the directory ends, advancing the position past each entry taken: 0 or -errno.
        /// </summary>
        public virtual int ReadDirectory(ref long position, ref DirectorySink sink) => (int)-Errno.ENOTDIR;

        // ---- Symlinks ----

        /// <summary>Copies the target into <paramref name="buffer"/> (not NUL-terminated): its length, or -EINVAL for a non-symlink.</summary>
        public virtual int ReadLink(Span<byte> buffer) => (int)-Errno.EINVAL;

        // ---- Contents ----

        /// <summary>
        /// A new open file description for this inode (one reference, flags set), or null with -errno in
        /// <paramref name="error"/>. Regular files and directories get the VFS's generic files; devices, /proc
        /// files and the like override this.
        /// </summary>
        public virtual OpenFile Open(int flags, out int error)
        {
            if (IsRegular || IsDirectory)
            {
                return InodeFile.Open(this, flags, out error);
            }

            error = (int)-Errno.ENXIO;
            return null;
        }

        /// <summary>Fills one page of a regular file's contents from the backing store (zeros past the end): 0 or -errno.</summary>
        public virtual int ReadPage(ulong pageIndex, byte* page)
        {
            Kiln.Kernel.Arch.X86_64.Cpu.FillMemory(page, 0, 4096);
            return 0;
        }

        /// <summary>Makes the file's dirty pages and attributes durable (fsync; fdatasync when <paramref name="dataOnly"/>).</summary>
        public virtual int Sync(bool dataOnly) => 0;

        /// <summary>Sets the size (truncate, ftruncate, O_TRUNC), freeing or zeroing what lies past it.</summary>
        public virtual int SetSize(long size) => IsDirectory ? (int)-Errno.EISDIR : (int)-Errno.EINVAL;

        /// <summary>Reserves space (fallocate mode 0 or FALLOC_FL_KEEP_SIZE) or -EOPNOTSUPP.</summary>
        public virtual int Allocate(int mode, long offset, long length) => (int)-Errno.EOPNOTSUPP;

        /// <summary>The file system changed attributes in memory (chmod, chown, utimens, size): records them for the next Sync.</summary>
        public virtual void AttributesChanged()
        {
        }

        /// <summary>A cached page of the file went from clean to dirty (only when its PageCache names it Owner).</summary>
        public virtual void PageDirtied()
        {
        }

        /// <summary>Fills st_* from the attributes (the caller zeroed <paramref name="stat"/>).</summary>
        public virtual void Stat(LinuxStat* stat)
        {
            stat->Dev = FileSystem.DeviceId;
            stat->Ino = Number;
            stat->Nlink = LinkCount;
            stat->Mode = Mode;
            stat->Uid = Uid;
            stat->Gid = Gid;
            stat->Rdev = DeviceNumber;
            stat->FileSize = Size;
            stat->Blksize = 4096;
            stat->Blocks = (Size + 511) / 512;
            stat->AtimeSeconds = AccessTime / 1_000_000_000;
            stat->AtimeNanoseconds = AccessTime % 1_000_000_000;
            stat->MtimeSeconds = ModifyTime / 1_000_000_000;
            stat->MtimeNanoseconds = ModifyTime % 1_000_000_000;
            stat->CtimeSeconds = ChangeTime / 1_000_000_000;
            stat->CtimeNanoseconds = ChangeTime % 1_000_000_000;
        }

        /// <summary>Sets the fields every new inode needs; the reference count starts at zero.</summary>
        protected void Initialize(FileSystem fileSystem, ulong number, uint mode)
        {
            FileSystem = fileSystem;
            Number = number;
            Mode = mode;
            _references = 0;
        }
    }
}
