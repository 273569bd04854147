// Writes a KilnFS disk image (docs/filesystem.md) from a list of directories, files and symlinks: a GPT with one
// KilnFS partition, file data in contiguous extents, and one snapshot transaction in log area 0 under generation 1.
// The image file is sparse: free space costs nothing on the host until the guest writes to it.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Kiln.Storage;

namespace Kiln.Host.Image
{
    /// <summary>Builds one KilnFS image; add entries (parents are made as needed), then <see cref="Write"/>.</summary>
    public sealed class KilnFsImageBuilder
    {
        private const uint DirectoryMode = 0x4000 | 0x1ed; // 040755
        private const int BlockSize = KilnFsLayout.BlockSize;

        private readonly string _label;
        private readonly Dictionary<string, Node> _nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        private readonly List<Node> _order = new List<Node>();
        private ulong _nextInode = KilnFsLayout.RootInode;

        /// <summary>A builder for a file system labelled <paramref name="label"/> ("root" for an image's root).</summary>
        public KilnFsImageBuilder(string label)
        {
            _label = label;
            Node root = NewNode("/", null, "", DirectoryMode);
            root.ModifyTime = NowNanoseconds();
        }

        /// <summary>Files, directories and symlinks added so far, the root included.</summary>
        public int Count => _order.Count;

        /// <summary>Bytes of file data added so far.</summary>
        public long DataBytes { get; private set; }

        /// <summary>Adds (or re-modes) a directory.</summary>
        public void AddDirectory(string guestPath, uint permissions = 0x1ed, long modifyTimeNs = 0)
        {
            Node node = Directory(Normalize(guestPath));
            node.Mode = 0x4000 | (permissions & 0xFFF);
            if (modifyTimeNs != 0)
            {
                node.ModifyTime = modifyTimeNs;
            }
        }

        /// <summary>Adds a regular file whose contents are read from <paramref name="hostPath"/> when the image is written.</summary>
        public void AddFile(string guestPath, string hostPath, uint permissions, long modifyTimeNs)
        {
            long size = new FileInfo(hostPath).Length;
            Node node = Leaf(Normalize(guestPath), 0x8000 | (permissions & 0xFFF));
            node.HostPath = hostPath;
            node.Size = size;
            node.ModifyTime = modifyTimeNs;
            DataBytes += size;
        }

        /// <summary>Adds a regular file with the given contents.</summary>
        public void AddFile(string guestPath, byte[] contents, uint permissions = 0x1a4)
        {
            Node node = Leaf(Normalize(guestPath), 0x8000 | (permissions & 0xFFF));
            node.Contents = contents;
            node.Size = contents.Length;
            node.ModifyTime = NowNanoseconds();
            DataBytes += contents.Length;
        }

        /// <summary>Adds a symbolic link pointing at <paramref name="target"/>.</summary>
        public void AddSymlink(string guestPath, string target)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(target);
            if (bytes.Length > LogRecordWriter.MaxSymlinkTarget)
            {
                throw new ArgumentException($"the symlink target of {guestPath} is longer than {LogRecordWriter.MaxSymlinkTarget} bytes");
            }

            Node node = Leaf(Normalize(guestPath), 0xA000 | 0x1ff);
            node.SymlinkTarget = bytes;
            node.Size = bytes.Length;
            node.ModifyTime = NowNanoseconds();
        }

        /// <summary>
        /// Writes the image to <paramref name="imagePath"/> with <paramref name="freeBytes"/> of free space for the
        /// guest; returns the image's size in bytes (its apparent size: the file is sparse).
        /// </summary>
        public long Write(string imagePath, long freeBytes)
        {
            // The snapshot's size does not depend on the block numbers in it, so measure it first to size the log.
            uint snapshotBlocks = (uint)BuildSnapshot(0, 0).Count;
            uint logBlocks = Math.Max(_minimumLogBlocks, (2 * snapshotBlocks) + 256);
            ulong dataStart = KilnFsLayout.FirstDataBlock(logBlocks);
            ulong dataBlocks = 0;
            foreach (Node node in _order)
            {
                dataBlocks += BlocksFor(node.Size, node);
            }

            ulong totalBlocks = dataStart + dataBlocks + (ulong)((freeBytes + BlockSize - 1) / BlockSize);
            Superblock superblock = Superblock.Create(totalBlocks, logBlocks, Encoding.UTF8.GetBytes(_label), RandomWord(), RandomWord());
            superblock.NextInode = _nextInode;
            List<byte[]> snapshot = BuildSnapshot(dataStart, superblock.Generation);

            ulong partitionSectors = totalBlocks * KilnFsLayout.SectorsPerBlock;
            ulong firstLba = GptLayout.Alignment;
            ulong lastLba = firstLba + partitionSectors - 1;
            ulong diskSectors = lastLba + 1 + GptLayout.BackupSectors;
            diskSectors = (diskSectors + GptLayout.Alignment - 1) / GptLayout.Alignment * GptLayout.Alignment;

            using FileStream disk = new FileStream(imagePath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
            disk.SetLength((long)diskSectors * GptLayout.SectorSize);
            WritePartitionTable(disk, diskSectors, firstLba, lastLba);

            long partitionStart = (long)firstLba * GptLayout.SectorSize;
            byte[] superblockBlock = new byte[BlockSize];
            superblock.Write(superblockBlock);
            disk.Seek(partitionStart + ((long)superblock.Slot * BlockSize), SeekOrigin.Begin);
            disk.Write(superblockBlock);

            disk.Seek(partitionStart + ((long)superblock.LogStart0 * BlockSize), SeekOrigin.Begin);
            foreach (byte[] block in snapshot)
            {
                disk.Write(block);
            }

            WriteData(disk, partitionStart);
            return disk.Length;
        }

        /// <summary>Creates an empty KilnFS disk of about <paramref name="sizeBytes"/> labelled <paramref name="label"/> (a new volume).</summary>
        public static void CreateEmpty(string imagePath, string label, long sizeBytes)
        {
            KilnFsImageBuilder builder = new KilnFsImageBuilder(label);
            uint logBlocks = (uint)Math.Clamp(sizeBytes / BlockSize / 128, KilnFsLayout.MinimumLogBlocks, 16384);
            builder._minimumLogBlocks = logBlocks;
            long overhead = (2L * (long)GptLayout.Alignment * GptLayout.SectorSize) + ((long)KilnFsLayout.FirstDataBlock(logBlocks) * BlockSize);
            builder.Write(imagePath, Math.Max(sizeBytes - overhead, 64L * BlockSize));
        }

        // The log areas' size at least (volumes scale it with their size).
        private uint _minimumLogBlocks = KilnFsLayout.MinimumLogBlocks;

        private static void WritePartitionTable(FileStream disk, ulong diskSectors, ulong firstLba, ulong lastLba)
        {
            byte[] primary = new byte[GptLayout.PrimarySectors * GptLayout.SectorSize];
            byte[] backup = new byte[GptLayout.BackupSectors * GptLayout.SectorSize];
            GptPartition partition = new GptPartition
            {
                Type = KilnFsLayout.PartitionType,
                Unique = new GptGuid(RandomWord(), RandomWord()),
                FirstLba = firstLba,
                LastLba = lastLba,
                Name = "kilnfs",
            };
            GptWriter.Write(primary, backup, diskSectors, new GptGuid(RandomWord(), RandomWord()), new[] { partition });
            disk.Seek(0, SeekOrigin.Begin);
            disk.Write(primary);
            disk.Seek((long)(diskSectors - GptLayout.BackupSectors) * GptLayout.SectorSize, SeekOrigin.Begin);
            disk.Write(backup);
        }

        // The snapshot transaction: for each node (parents first) its Inode record, its symlink target or extent, and
        // its name in its parent; then one Commit. Blocks are sealed as log blocks 0, 1, 2 ... of <paramref name="generation"/>.
        private List<byte[]> BuildSnapshot(ulong dataStart, ulong generation)
        {
            List<byte[]> blocks = new List<byte[]>();
            byte[] current = new byte[BlockSize];
            int used = LogBlock.HeaderSize;
            ulong nextData = dataStart;

            void Add(RecordAppender append)
            {
                LogRecordWriter writer = new LogRecordWriter(current, used);
                if (!append(ref writer))
                {
                    LogBlock.Seal(current, generation, (ulong)blocks.Count, used);
                    blocks.Add(current);
                    current = new byte[BlockSize];
                    writer = new LogRecordWriter(current);
                    if (!append(ref writer))
                    {
                        throw new InvalidOperationException("a log record larger than a block");
                    }
                }

                used = writer.Used;
            }

            foreach (Node node in _order)
            {
                InodeRecord record = new InodeRecord
                {
                    Inode = node.Inode,
                    Mode = node.Mode,
                    LinkCount = node.LinkCount,
                    Size = (ulong)node.Size,
                    AccessTime = node.ModifyTime,
                    ModifyTime = node.ModifyTime,
                    ChangeTime = node.ModifyTime,
                };
                Add((ref LogRecordWriter w) => w.TryAddInode(record));
                if (node.SymlinkTarget != null)
                {
                    byte[] target = node.SymlinkTarget;
                    Add((ref LogRecordWriter w) => w.TryAddSymlink(node.Inode, target));
                }

                ulong blocksNeeded = BlocksFor(node.Size, node);
                if (blocksNeeded > 0)
                {
                    node.FirstDataBlock = nextData;
                    for (ulong done = 0; done < blocksNeeded; done += uint.MaxValue)
                    {
                        uint count = (uint)Math.Min(blocksNeeded - done, uint.MaxValue);
                        ExtentRecord extent = new ExtentRecord(node.Inode, done, nextData + done, count);
                        Add((ref LogRecordWriter w) => w.TryAddExtent(extent));
                    }

                    nextData += blocksNeeded;
                }

                if (node.Parent != null)
                {
                    byte[] name = Encoding.UTF8.GetBytes(node.Name);
                    ulong parent = node.Parent.Inode;
                    Add((ref LogRecordWriter w) => w.TryAddLink(parent, node.Inode, name));
                }
            }

            Add((ref LogRecordWriter w) => w.TryAddCommit(1));
            LogBlock.Seal(current, generation, (ulong)blocks.Count, used);
            blocks.Add(current);
            return blocks;
        }

        private delegate bool RecordAppender(ref LogRecordWriter writer);

        private void WriteData(FileStream disk, long partitionStart)
        {
            byte[] buffer = new byte[1 << 20];
            foreach (Node node in _order)
            {
                if (node.Size == 0 || node.SymlinkTarget != null || !node.IsRegular)
                {
                    continue;
                }

                disk.Seek(partitionStart + ((long)node.FirstDataBlock * BlockSize), SeekOrigin.Begin);
                if (node.Contents != null)
                {
                    disk.Write(node.Contents);
                    continue;
                }

                using FileStream source = new FileStream(node.HostPath!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
                long remaining = node.Size;
                while (remaining > 0)
                {
                    int read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                    if (read <= 0)
                    {
                        throw new IOException($"{node.HostPath} became shorter while the image was written");
                    }

                    disk.Write(buffer, 0, read);
                    remaining -= read;
                }
            }
        }

        private static ulong BlocksFor(long size, Node node) =>
            node.IsRegular ? (ulong)((size + BlockSize - 1) / BlockSize) : 0;

        private Node Directory(string path)
        {
            if (_nodes.TryGetValue(path, out Node? existing))
            {
                if (!existing.IsDirectory)
                {
                    throw new ArgumentException($"{path} is added both as a directory and as a file");
                }

                return existing;
            }

            (Node parent, string name) = ParentOf(path);
            Node node = NewNode(path, parent, name, DirectoryMode);
            node.ModifyTime = NowNanoseconds();
            parent.LinkCount++;
            return node;
        }

        private Node Leaf(string path, uint mode)
        {
            if (_nodes.TryGetValue(path, out Node? existing))
            {
                if (existing.IsDirectory)
                {
                    throw new ArgumentException($"{path} is added both as a directory and as a file");
                }

                DataBytes -= existing.IsRegular ? existing.Size : 0;
                existing.Mode = mode;
                existing.HostPath = null;
                existing.Contents = null;
                existing.SymlinkTarget = null;
                existing.Size = 0;
                return existing;
            }

            (Node parent, string name) = ParentOf(path);
            return NewNode(path, parent, name, mode);
        }

        private (Node Parent, string Name) ParentOf(string path)
        {
            int slash = path.LastIndexOf('/');
            string parentPath = slash == 0 ? "/" : path.Substring(0, slash);
            return (Directory(parentPath), path.Substring(slash + 1));
        }

        private Node NewNode(string path, Node? parent, string name, uint mode)
        {
            Node node = new Node(_nextInode++, parent, name, mode);
            node.LinkCount = (mode & 0xF000) == 0x4000 ? 2u : 1u;
            _nodes[path] = node;
            _order.Add(node);
            return node;
        }

        private static string Normalize(string guestPath)
        {
            if (!guestPath.StartsWith('/'))
            {
                throw new ArgumentException($"guest path {guestPath} is not absolute");
            }

            string[] parts = guestPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            foreach (string part in parts)
            {
                if (part == "." || part == ".." || Encoding.UTF8.GetByteCount(part) > LogRecordWriter.MaxNameLength)
                {
                    throw new ArgumentException($"guest path {guestPath} has a component that cannot be stored ({part})");
                }
            }

            return "/" + string.Join('/', parts);
        }

        private static long NowNanoseconds() => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) * 1_000_000;

        private static ulong RandomWord() => (ulong)Random.Shared.NextInt64() ^ ((ulong)Random.Shared.Next() << 40);

        private sealed class Node
        {
            public Node(ulong inode, Node? parent, string name, uint mode)
            {
                Inode = inode;
                Parent = parent;
                Name = name;
                Mode = mode;
            }

            public ulong Inode { get; }

            public Node? Parent { get; }

            public string Name { get; }

            public uint Mode { get; set; }

            public uint LinkCount { get; set; }

            public long Size { get; set; }

            public long ModifyTime { get; set; }

            public string? HostPath { get; set; }

            public byte[]? Contents { get; set; }

            public byte[]? SymlinkTarget { get; set; }

            public ulong FirstDataBlock { get; set; }

            public bool IsDirectory => (Mode & 0xF000) == 0x4000;

            public bool IsRegular => (Mode & 0xF000) == 0x8000;
        }
    }
}
