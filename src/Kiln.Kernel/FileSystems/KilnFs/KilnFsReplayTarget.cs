// Builds a KilnFS volume's in-memory tree from its replayed log records. Records that do not fit the tree (a link to
// an inode never created, an extent of a directory) are counted and skipped: the rest of the tree is still worth
// having, and mount reports the count.
using System;
using Internal.Runtime;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed class KilnFsReplayTarget : LogReplayTarget
    {
        private readonly KilnFs _volume;

        public KilnFsReplayTarget(KilnFs volume)
        {
            _volume = volume;
        }

        /// <summary>Records that contradicted the tree.</summary>
        public ulong Inconsistent;

        /// <summary>The highest inode number seen.</summary>
        public ulong HighestInode;

        public override void Inode(in InodeRecord record)
        {
            KilnFsInode inode = _volume.Inodes.Find(record.Inode);
            if (inode == null)
            {
                inode = new KilnFsInode(_volume, record.Inode, record.Mode);
                _volume.Inodes.Add(inode);
                if (record.Inode > HighestInode)
                {
                    HighestInode = record.Inode;
                }
            }

            inode.Apply(record);
        }

        public override void Link(ulong parent, ulong child, ReadOnlySpan<byte> name)
        {
            KilnFsInode directory = _volume.Inodes.Find(parent);
            KilnFsInode target = _volume.Inodes.Find(child);
            if (directory == null || target == null || !directory.IsDirectory)
            {
                Inconsistent++;
                return;
            }

            int index = directory.Entries.Find(name);
            if (index >= 0)
            {
                directory.Entries.SetValue(index, target);
            }
            else
            {
                directory.Entries.Add(name, target);
            }

            if (target.IsDirectory && target != directory)
            {
                target.Parent = directory;
            }
        }

        public override void Unlink(ulong parent, ReadOnlySpan<byte> name)
        {
            KilnFsInode directory = _volume.Inodes.Find(parent);
            int index = directory != null && directory.IsDirectory ? directory.Entries.Find(name) : -1;
            if (index < 0)
            {
                Inconsistent++;
                return;
            }

            directory.Entries.RemoveAt(index);
        }

        public override void Extent(in ExtentRecord record)
        {
            KilnFsInode inode = _volume.Inodes.Find(record.Inode);
            if (inode == null || !inode.IsRegular || !inode.MapBlocks(record.FileBlock, record.DiskBlock, record.Count, null))
            {
                Inconsistent++;
            }
        }

        public override void Truncate(ulong inode, ulong size)
        {
            KilnFsInode file = _volume.Inodes.Find(inode);
            if (file == null || !file.IsRegular)
            {
                Inconsistent++;
                return;
            }

            file.UnmapFrom((size + KilnFsLayout.BlockSize - 1) / KilnFsLayout.BlockSize, null);
        }

        public override void FreeInode(ulong inode)
        {
            KilnFsInode victim = _volume.Inodes.Find(inode);
            if (victim == null)
            {
                Inconsistent++;
                return;
            }

            _volume.Inodes.Remove(victim);
            victim.FreeContents();
            ObjectMemory.Free(victim.Pages);
            ObjectMemory.Free(victim);
        }

        public override void Symlink(ulong inode, ReadOnlySpan<byte> target)
        {
            KilnFsInode link = _volume.Inodes.Find(inode);
            if (link == null || !link.IsSymlink)
            {
                Inconsistent++;
                return;
            }

            ObjectMemory.Free(link.SymlinkTarget);
            link.SymlinkTarget = new byte[target.Length];
            target.CopyTo(link.SymlinkTarget);
        }
    }
}
