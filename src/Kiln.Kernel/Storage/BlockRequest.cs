// One I/O request to a BlockDevice, in kernel memory that stays put until it completes (BlockRequests pools them).
// The submitter fills Operation, Sector, Buffer and Sectors; the driver sets Status to Pending while the device has
// it and to 0 or -EIO when it is done, then wakes Waiters.
using Kiln.Kernel.Scheduling;

namespace Kiln.Kernel.Storage
{
    internal unsafe struct BlockRequest
    {
        /// <summary>Status while the device holds the request.</summary>
        public const int Pending = 1;

        /// <summary>The longest request (128 KiB) a driver must accept; a device may lower it (MaxRequestSectors).</summary>
        public const int MaxSectors = 256;

        public BlockOperation Operation;
        public ulong Sector;

        /// <summary>Kernel virtual address in the direct map; contiguous there, so physically contiguous too.</summary>
        public byte* Buffer;

        public int Sectors;

        /// <summary>Pending, then 0 or a negative errno.</summary>
        public int Status;

        /// <summary>Driver-specific detail of the completion (virtio-scsi: response, SCSI status and sense key).</summary>
        public int DeviceStatus;

        /// <summary>Threads waiting for this request (woken at completion); created once per pooled request.</summary>
        public WaitQueue Waiters;

        /// <summary>The submitter's own use (the cache points it at its entry).</summary>
        public ulong Context;

        /// <summary>The pool's free list.</summary>
        public BlockRequest* NextFree;

        public readonly bool IsDone => Status != Pending;

        public readonly int ByteCount => Sectors * BlockDevice.SectorSize;
    }
}
