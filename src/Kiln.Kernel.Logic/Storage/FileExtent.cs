// One run of a file's blocks mapped to consecutive disk blocks: the unit of a KilnFS inode's in-memory extent map.
namespace Kiln.Storage
{
    /// <summary>File blocks [FileBlock, FileBlock + Count) live in disk blocks [DiskBlock, DiskBlock + Count).</summary>
    public struct FileExtent
    {
        public ulong FileBlock;
        public ulong DiskBlock;
        public uint Count;

        public FileExtent(ulong fileBlock, ulong diskBlock, uint count)
        {
            FileBlock = fileBlock;
            DiskBlock = diskBlock;
            Count = count;
        }

        /// <summary>The first file block past the extent.</summary>
        public readonly ulong FileEnd => FileBlock + Count;
    }
}
