// One disk behind a virtio-scsi adapter (LUN 0 of a target): a BlockDevice whose requests the adapter turns into
// SCSI commands. Logical blocks may be 512 bytes or a multiple up to 4 KiB; requests must then be block-aligned.
using Kiln.Kernel.Storage;

namespace Kiln.Kernel.Devices.Virtio
{
    internal sealed unsafe class VirtioScsiDisk : BlockDevice
    {
        private readonly VirtioScsi _adapter;

        public VirtioScsiDisk(VirtioScsi adapter, int target)
        {
            _adapter = adapter;
            Target = target;
            Model = adapter.IsLegacy ? "virtio-scsi (legacy)" : "virtio-scsi (modern)";
            BlockLength = SectorSize;
            CompletesByInterrupt = adapter.CompletesByInterrupt;
            MaxRequestSectors = adapter.MaxRequestSectors;
        }

        public int Target;

        /// <summary>The logical block length READ CAPACITY (16) reported, in bytes.</summary>
        public uint BlockLength;

        public override int Read(ulong sector, void* buffer, int sectors) => BlockRequests.Transfer(this, BlockOperation.Read, sector, (byte*)buffer, sectors);

        public override int Write(ulong sector, void* buffer, int sectors) => BlockRequests.Transfer(this, BlockOperation.Write, sector, (byte*)buffer, sectors);

        public override int Flush() => BlockRequests.Run(this, BlockOperation.Flush, null);

        public override int Submit(BlockRequest* request) => _adapter.Submit(this, request);

        public override void Poll() => _adapter.Poll();
    }
}
