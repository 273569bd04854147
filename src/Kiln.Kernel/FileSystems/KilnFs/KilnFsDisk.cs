// The KilnFS partition of one block device, addressed in 4 KiB file-system blocks from the partition's start. Every
// transfer goes straight to the device (file data is cached by the page cache and metadata lives in memory, so
// KilnFS needs no block cache of its own); buffers are direct-mapped kernel memory, as BlockDevice requires.
using Kiln.Kernel.Storage;
using Kiln.Linux;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed unsafe class KilnFsDisk
    {
        private readonly BlockDevice _device;
        private readonly ulong _firstSector;
        private readonly ulong _blockCount;

        public KilnFsDisk(BlockDevice device, ulong firstSector, ulong sectorCount)
        {
            _device = device;
            _firstSector = firstSector;
            _blockCount = sectorCount / KilnFsLayout.SectorsPerBlock;
        }

        public BlockDevice Device => _device;

        /// <summary>Whole blocks in the partition.</summary>
        public ulong BlockCount => _blockCount;

        /// <summary>Reads <paramref name="count"/> blocks from <paramref name="block"/>: 0 or -errno.</summary>
        public int Read(ulong block, void* buffer, int count)
        {
            if (!InRange(block, count))
            {
                return (int)-Errno.EIO;
            }

            return _device.Read(_firstSector + (block * KilnFsLayout.SectorsPerBlock), buffer, count * KilnFsLayout.SectorsPerBlock);
        }

        /// <summary>Writes <paramref name="count"/> blocks at <paramref name="block"/>: 0 or -errno.</summary>
        public int Write(ulong block, void* buffer, int count)
        {
            if (!InRange(block, count))
            {
                return (int)-Errno.EIO;
            }

            return _device.Write(_firstSector + (block * KilnFsLayout.SectorsPerBlock), buffer, count * KilnFsLayout.SectorsPerBlock);
        }

        /// <summary>Makes every completed write durable: 0 or -errno.</summary>
        public int Flush() => _device.Flush();

        private bool InRange(ulong block, int count) => count > 0 && block < _blockCount && (ulong)count <= _blockCount - block;
    }
}
