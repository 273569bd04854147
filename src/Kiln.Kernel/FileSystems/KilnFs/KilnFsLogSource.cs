// Where replay reads log blocks: straight from the partition, through a direct-mapped page.
using System;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed unsafe class KilnFsLogSource : LogReplaySource
    {
        private readonly KilnFsDisk _disk;
        private readonly byte* _page;

        public KilnFsLogSource(KilnFsDisk disk, byte* page)
        {
            _disk = disk;
            _page = page;
        }

        public override bool ReadBlock(ulong block, Span<byte> buffer)
        {
            if (_disk.Read(block, _page, 1) < 0)
            {
                return false;
            }

            new ReadOnlySpan<byte>(_page, KilnFsLayout.BlockSize).CopyTo(buffer);
            return true;
        }
    }
}
