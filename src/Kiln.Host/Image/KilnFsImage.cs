// Reads a KilnFS disk image on the host, as the kernel does: finds the KilnFS partition in the GPT, picks the
// superblock, replays the log into a tree, and reads files through their extents. `kiln image ls` and `kiln image cat`
// use it, and so do the tests that check what the kernel wrote to a volume.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Kiln.Storage;

namespace Kiln.Host.Image
{
    /// <summary>An opened image (read-only).</summary>
    public sealed class KilnFsImage : IDisposable
    {
        private const int BlockSize = KilnFsLayout.BlockSize;

        private readonly FileStream _disk;
        private readonly long _partitionStart;
        private readonly Dictionary<ulong, KilnFsEntry> _inodes = new Dictionary<ulong, KilnFsEntry>();

        private KilnFsImage(FileStream disk, long partitionStart, Superblock superblock)
        {
            _disk = disk;
            _partitionStart = partitionStart;
            Superblock = superblock;
        }

        /// <summary>The superblock in force.</summary>
        public Superblock Superblock { get; }

        /// <summary>The file system's label ("root" or a volume name).</summary>
        public string Label
        {
            get
            {
                byte[] label = new byte[Superblock.LabelLength];
                int length = Superblock.CopyLabel(label);
                return Encoding.UTF8.GetString(label, 0, length);
            }
        }

        /// <summary>What replay found: transactions, records, discarded blocks.</summary>
        public LogEnd LogEnd { get; private set; }

        /// <summary>Records that referred to inodes that do not exist (0 for a consistent file system).</summary>
        public int Inconsistencies { get; private set; }

        /// <summary>The root directory.</summary>
        public KilnFsEntry Root => _inodes[KilnFsLayout.RootInode];

        /// <summary>Every live inode.</summary>
        public IReadOnlyCollection<KilnFsEntry> Inodes => _inodes.Values;

        /// <summary>Opens <paramref name="path"/>; null with <paramref name="error"/> when it is not a KilnFS disk.</summary>
        public static KilnFsImage? Open(string path, out string? error)
        {
            error = null;
            FileStream disk;
            try
            {
                disk = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = $"cannot open {path}: {e.Message}";
                return null;
            }

            byte[] table = new byte[(1 + GptLayout.EntrySectors) * GptLayout.SectorSize];
            disk.Seek(GptLayout.SectorSize, SeekOrigin.Begin);
            if (disk.Read(table, 0, table.Length) != table.Length)
            {
                disk.Dispose();
                error = $"{path} is too small to be a disk image";
                return null;
            }

            GptError gpt = GptReader.TryFind(table, KilnFsLayout.PartitionType, out GptPartition partition);
            if (gpt != GptError.None)
            {
                disk.Dispose();
                error = gpt == GptError.NotFound ? $"{path} has no KilnFS partition" : $"{path} is not a Kiln disk image (GPT: {gpt})";
                return null;
            }

            long start = (long)partition.FirstLba * GptLayout.SectorSize;
            byte[] slot0 = new byte[BlockSize];
            byte[] slot1 = new byte[BlockSize];
            disk.Seek(start, SeekOrigin.Begin);
            disk.ReadExactly(slot0);
            disk.ReadExactly(slot1);
            if (!Superblock.Choose(slot0, slot1, out Superblock superblock))
            {
                disk.Dispose();
                error = $"{path}: neither KilnFS superblock is valid";
                return null;
            }

            KilnFsImage image = new KilnFsImage(disk, start, superblock);
            Replayer replayer = new Replayer(image);
            LogReplay.Run(replayer, replayer.Target, superblock, new byte[BlockSize], out LogEnd end);
            image.LogEnd = end;
            image.Inconsistencies = replayer.Inconsistencies;
            if (!image._inodes.ContainsKey(KilnFsLayout.RootInode))
            {
                image.Dispose();
                error = $"{path}: the file system has no root directory";
                return null;
            }

            return image;
        }

        /// <summary>
        /// The entry at an absolute <paramref name="path"/>, or null: symlinks in the middle are followed, the last one
        /// only with <paramref name="followFinal"/>; 40 links at most, as the kernel's walk.
        /// </summary>
        public KilnFsEntry? Find(string path, bool followFinal = false)
        {
            KilnFsEntry current = Root;
            int hops = 0;
            string[] split = Split(path);
            Array.Reverse(split);
            Stack<string> parts = new Stack<string>(split);
            Stack<KilnFsEntry> trail = new Stack<KilnFsEntry>();
            while (parts.Count > 0)
            {
                string part = parts.Pop();
                if (part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    current = trail.Count > 0 ? trail.Pop() : Root;
                    continue;
                }

                if (!current.IsDirectory || !current.Children.TryGetValue(part, out ulong childInode) || !_inodes.TryGetValue(childInode, out KilnFsEntry? child))
                {
                    return null;
                }

                if (child.IsSymlink && (parts.Count > 0 || followFinal))
                {
                    if (++hops > 40)
                    {
                        return null;
                    }

                    string target = child.SymlinkTarget ?? "";
                    string[] targetParts = Split(target);
                    for (int i = targetParts.Length - 1; i >= 0; i--)
                    {
                        parts.Push(targetParts[i]);
                    }

                    if (target.StartsWith('/'))
                    {
                        current = Root;
                        trail.Clear();
                    }

                    continue;
                }

                trail.Push(current);
                current = child;
            }

            return current;
        }

        /// <summary>The entries of a directory, sorted by name.</summary>
        public IEnumerable<(string Name, KilnFsEntry Entry)> List(KilnFsEntry directory)
        {
            List<string> names = new List<string>(directory.Children.Keys);
            names.Sort(StringComparer.Ordinal);
            foreach (string name in names)
            {
                if (_inodes.TryGetValue(directory.Children[name], out KilnFsEntry? entry))
                {
                    yield return (name, entry);
                }
            }
        }

        /// <summary>Copies a regular file's contents to <paramref name="output"/> (holes as zeros).</summary>
        public void CopyTo(KilnFsEntry file, Stream output)
        {
            byte[] block = new byte[BlockSize];
            long remaining = file.Size;
            for (ulong fileBlock = 0; remaining > 0; fileBlock++)
            {
                int length = (int)Math.Min(BlockSize, remaining);
                if (file.Blocks.TryGetValue(fileBlock, out ulong diskBlock))
                {
                    _disk.Seek(_partitionStart + ((long)diskBlock * BlockSize), SeekOrigin.Begin);
                    _disk.ReadExactly(block, 0, length);
                }
                else
                {
                    Array.Clear(block);
                }

                output.Write(block, 0, length);
                remaining -= length;
            }
        }

        /// <summary>A regular file's contents.</summary>
        public byte[] ReadAllBytes(KilnFsEntry file)
        {
            using MemoryStream memory = new MemoryStream();
            CopyTo(file, memory);
            return memory.ToArray();
        }

        /// <inheritdoc/>
        public void Dispose() => _disk.Dispose();

        private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // Replays into the image's inode table, reading log blocks from the disk.
        private sealed class Replayer : LogReplaySource
        {
            private readonly KilnFsImage _image;

            public Replayer(KilnFsImage image)
            {
                _image = image;
                Target = new TreeTarget(image, this);
            }

            public int Inconsistencies;

            public TreeTarget Target { get; }

            public override bool ReadBlock(ulong block, Span<byte> buffer)
            {
                _image._disk.Seek(_image._partitionStart + ((long)block * BlockSize), SeekOrigin.Begin);
                return _image._disk.Read(buffer) == buffer.Length;
            }
        }

        private sealed class TreeTarget : LogReplayTarget
        {
            private readonly KilnFsImage _image;
            private readonly Replayer _replayer;

            public TreeTarget(KilnFsImage image, Replayer replayer)
            {
                _image = image;
                _replayer = replayer;
            }

            public override void Inode(in InodeRecord record)
            {
                if (!_image._inodes.TryGetValue(record.Inode, out KilnFsEntry? entry))
                {
                    entry = new KilnFsEntry(record.Inode);
                    _image._inodes[record.Inode] = entry;
                }

                entry.Mode = record.Mode;
                entry.Uid = record.Uid;
                entry.Gid = record.Gid;
                entry.LinkCount = record.LinkCount;
                entry.Size = (long)record.Size;
                entry.ModifyTime = record.ModifyTime;
            }

            public override void Link(ulong parent, ulong child, ReadOnlySpan<byte> name)
            {
                if (!_image._inodes.TryGetValue(parent, out KilnFsEntry? directory) || !_image._inodes.ContainsKey(child))
                {
                    _replayer.Inconsistencies++;
                    return;
                }

                directory.Children[Encoding.UTF8.GetString(name)] = child;
            }

            public override void Unlink(ulong parent, ReadOnlySpan<byte> name)
            {
                if (!_image._inodes.TryGetValue(parent, out KilnFsEntry? directory) || !directory.Children.Remove(Encoding.UTF8.GetString(name)))
                {
                    _replayer.Inconsistencies++;
                }
            }

            public override void Extent(in ExtentRecord record)
            {
                if (!_image._inodes.TryGetValue(record.Inode, out KilnFsEntry? entry))
                {
                    _replayer.Inconsistencies++;
                    return;
                }

                for (uint i = 0; i < record.Count; i++)
                {
                    if (record.DiskBlock == 0)
                    {
                        entry.Blocks.Remove(record.FileBlock + i);
                    }
                    else
                    {
                        entry.Blocks[record.FileBlock + i] = record.DiskBlock + i;
                    }
                }
            }

            public override void Truncate(ulong inode, ulong size)
            {
                if (!_image._inodes.TryGetValue(inode, out KilnFsEntry? entry))
                {
                    _replayer.Inconsistencies++;
                    return;
                }

                ulong firstGone = (size + BlockSize - 1) / BlockSize;
                List<ulong> gone = new List<ulong>();
                foreach (ulong fileBlock in entry.Blocks.Keys)
                {
                    if (fileBlock >= firstGone)
                    {
                        gone.Add(fileBlock);
                    }
                }

                foreach (ulong fileBlock in gone)
                {
                    entry.Blocks.Remove(fileBlock);
                }
            }

            public override void FreeInode(ulong inode)
            {
                if (!_image._inodes.Remove(inode))
                {
                    _replayer.Inconsistencies++;
                }
            }

            public override void Symlink(ulong inode, ReadOnlySpan<byte> target)
            {
                if (!_image._inodes.TryGetValue(inode, out KilnFsEntry? entry))
                {
                    _replayer.Inconsistencies++;
                    return;
                }

                entry.SymlinkTarget = Encoding.UTF8.GetString(target);
            }
        }
    }

    /// <summary>One inode of an opened image.</summary>
    public sealed class KilnFsEntry
    {
        internal KilnFsEntry(ulong inode)
        {
            Inode = inode;
        }

        /// <summary>The inode number.</summary>
        public ulong Inode { get; }

        /// <summary>st_mode: type and permissions.</summary>
        public uint Mode { get; internal set; }

        /// <summary>Owner.</summary>
        public uint Uid { get; internal set; }

        /// <summary>Group.</summary>
        public uint Gid { get; internal set; }

        /// <summary>Names referring to it.</summary>
        public uint LinkCount { get; internal set; }

        /// <summary>Size in bytes.</summary>
        public long Size { get; internal set; }

        /// <summary>Modification time, ns since the epoch.</summary>
        public long ModifyTime { get; internal set; }

        /// <summary>A symlink's target.</summary>
        public string? SymlinkTarget { get; internal set; }

        /// <summary>A directory's entries: name → inode.</summary>
        public Dictionary<string, ulong> Children { get; } = new Dictionary<string, ulong>(StringComparer.Ordinal);

        /// <summary>File block → disk block.</summary>
        public Dictionary<ulong, ulong> Blocks { get; } = new Dictionary<ulong, ulong>();

        /// <summary>True for directories.</summary>
        public bool IsDirectory => (Mode & 0xF000) == 0x4000;

        /// <summary>True for symlinks.</summary>
        public bool IsSymlink => (Mode & 0xF000) == 0xA000;

        /// <summary>True for regular files.</summary>
        public bool IsRegular => (Mode & 0xF000) == 0x8000;
    }
}
