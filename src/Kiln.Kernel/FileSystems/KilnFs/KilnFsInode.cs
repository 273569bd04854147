// One inode of a mounted KilnFS, of any type: a directory keeps its names (DirectoryNames, hashed), a regular file its
// extent map and page cache, a symlink its target. The whole tree lives in memory from mount on (replay builds it).
// Each inode remembers the attributes the log last recorded for it; a commit writes an Inode record for every inode
// whose attributes differ from that, so nothing that changes sizes or times needs to tell KilnFS about it.
using System;
using Internal.Runtime;
using Kiln.Kernel.Vfs;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed unsafe partial class KilnFsInode : Inode
    {
        /// <summary>The next inode in the same bucket of the volume's inode table.</summary>
        public KilnFsInode NextInTable;

        /// <summary>A directory's names (null for other types).</summary>
        public DirectoryNames<KilnFsInode> Entries;

        /// <summary>A symlink's target.</summary>
        public byte[] SymlinkTarget;

        // A regular file's extent map (ExtentMap's rules), grown as needed.
        private FileExtent[] _extents;
        private int _extentCount;

        // The attributes as the log (committed or pending) last recorded them.
        private InodeRecord _logged;

        public KilnFsInode(KilnFs volume, ulong number, uint mode)
        {
            Initialize(volume, number, mode);
            if (IsDirectory)
            {
                Entries = new DirectoryNames<KilnFsInode>();
            }
            else if (IsRegular)
            {
                Pages = new PageCache();
                Pages.Owner = this;
            }
        }

        public KilnFs Volume => (KilnFs)FileSystem;

        public int ExtentCount => _extentCount;

        public ReadOnlySpan<FileExtent> Extents => _extents == null ? default : new ReadOnlySpan<FileExtent>(_extents, 0, _extentCount);

        /// <summary>The attributes now, as an Inode record.</summary>
        public InodeRecord CurrentRecord()
        {
            InodeRecord record = default;
            record.Inode = Number;
            record.Mode = Mode;
            record.Uid = Uid;
            record.Gid = Gid;
            record.LinkCount = LinkCount;
            record.Size = (ulong)Size;
            record.AccessTime = AccessTime;
            record.ModifyTime = ModifyTime;
            record.ChangeTime = ChangeTime;
            record.DeviceNumber = DeviceNumber;
            return record;
        }

        /// <summary>True when the attributes changed since the log last recorded them.</summary>
        public bool AttributesDiffer()
        {
            InodeRecord now = CurrentRecord();
            return now.Mode != _logged.Mode || now.Uid != _logged.Uid || now.Gid != _logged.Gid ||
                now.LinkCount != _logged.LinkCount || now.Size != _logged.Size || now.AccessTime != _logged.AccessTime ||
                now.ModifyTime != _logged.ModifyTime || now.ChangeTime != _logged.ChangeTime ||
                now.DeviceNumber != _logged.DeviceNumber || _logged.Inode != Number;
        }

        /// <summary>Appends an Inode record with the current attributes (room reserved by the caller).</summary>
        public void LogAttributes(KilnFsTransaction transaction)
        {
            _logged = CurrentRecord();
            transaction.AddInode(_logged);
        }

        /// <summary>Replay or a checkpoint: the log holds exactly these attributes.</summary>
        public void SetLogged(in InodeRecord record) => _logged = record;

        /// <summary>Sets every attribute from a replayed Inode record.</summary>
        public void Apply(in InodeRecord record)
        {
            Mode = (Mode & S_IFMT) | (record.Mode & ~S_IFMT);
            Uid = record.Uid;
            Gid = record.Gid;
            LinkCount = record.LinkCount;
            Size = (long)record.Size;
            AccessTime = record.AccessTime;
            ModifyTime = record.ModifyTime;
            ChangeTime = record.ChangeTime;
            DeviceNumber = record.DeviceNumber;
            _logged = record;
        }

        /// <summary>
        /// Maps file blocks to disk blocks (disk 0: unmaps), growing the map when needed; blocks no longer mapped go to
        /// <paramref name="replaced"/>. False for a run the format cannot hold (over 2^32 blocks, or wrapping).
        /// </summary>
        public bool MapBlocks(ulong fileBlock, ulong diskBlock, ulong count, BlockRangeSink replaced)
        {
            if (_extents == null || _extents.Length < _extentCount + ExtentMap.SpareNeeded)
            {
                FileExtent[] grown = new FileExtent[_extents == null ? 4 : _extents.Length * 2];
                for (int i = 0; i < _extentCount; i++)
                {
                    grown[i] = _extents[i];
                }

                ObjectMemory.Free(_extents);
                _extents = grown;
            }

            return ExtentMap.Map(_extents, ref _extentCount, fileBlock, diskBlock, count, replaced);
        }

        /// <summary>Unmaps every block from <paramref name="firstBlock"/> on, handing them to <paramref name="freed"/>.</summary>
        public void UnmapFrom(ulong firstBlock, BlockRangeSink freed)
        {
            if (_extents != null)
            {
                ExtentMap.TruncateFrom(_extents, ref _extentCount, firstBlock, freed);
            }
        }

        /// <summary>Where file block <paramref name="fileBlock"/> lives (see ExtentMap.Lookup).</summary>
        public bool LookupBlock(ulong fileBlock, out ulong diskBlock, out ulong run)
        {
            if (_extents == null)
            {
                diskBlock = 0;
                run = ulong.MaxValue - fileBlock;
                return false;
            }

            return ExtentMap.Lookup(_extents, _extentCount, fileBlock, out diskBlock, out run);
        }

        /// <summary>Frees what the inode holds in memory (its pages, map, names, target); the object itself is the caller's.</summary>
        public void FreeContents()
        {
            Pages?.DropFrom(0);
            ObjectMemory.Free(_extents);
            _extents = null;
            _extentCount = 0;
            if (Entries != null)
            {
                Entries.Clear();
                ObjectMemory.Free(Entries);
                Entries = null;
            }

            ObjectMemory.Free(SymlinkTarget);
            SymlinkTarget = null;
        }
    }
}
