// The fixed numbers of the KilnFS format (docs/filesystem.md): block size, where the superblocks and log areas are,
// the root inode, and the GPT partition type that marks a KilnFS partition.
namespace Kiln.Storage
{
    public static class KilnFsLayout
    {
        public const int BlockSize = 4096;
        public const int SectorsPerBlock = BlockSize / 512;
        public const ulong RootInode = 1;
        public const ulong FirstLogBlock = 2;

        /// <summary>The smallest log area: 256 blocks (1 MiB).</summary>
        public const uint MinimumLogBlocks = 256;

        /// <summary>GPT type GUID 8E7E4A3C-1B5D-4F0A-9C1E-4B494C4E4653, "Kiln file system".</summary>
        public static GptGuid PartitionType => GptGuid.Parse("8E7E4A3C-1B5D-4F0A-9C1E-4B494C4E4653");

        /// <summary>The label of an image's root file system.</summary>
        public const string RootLabel = "root";

        /// <summary>The first data block for log areas of <paramref name="logBlocks"/> blocks each.</summary>
        public static ulong FirstDataBlock(uint logBlocks) => FirstLogBlock + (2UL * logBlocks);
    }
}
