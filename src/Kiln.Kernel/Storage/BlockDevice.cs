// A disk as the rest of the kernel sees it: a run of 512-byte sectors with synchronous and asynchronous I/O into
// kernel memory. Drivers (virtio-blk, virtio-scsi) subclass it; BlockDevices lists them and BlockCache caches them.
namespace Kiln.Kernel.Storage
{
    internal abstract unsafe class BlockDevice
    {
        public const int SectorSize = 512;

        /// <summary>Capacity in 512-byte sectors.</summary>
        public ulong SectorCount;

        public bool ReadOnly;

        /// <summary>0, 1, 2 ... in probe order (PCI bus order, then SCSI target order).</summary>
        public int Index;

        /// <summary>What drives it, for messages: "virtio-blk", "virtio-scsi".</summary>
        public string Model;

        /// <summary>
        /// The largest request Submit accepts, in sectors; Read and Write split longer transfers. At least 8
        /// (one cache block).
        /// </summary>
        public int MaxRequestSectors = BlockRequest.MaxSectors;

        /// <summary>True when completions arrive by interrupt; otherwise waiters poll (Poll) between short sleeps.</summary>
        public bool CompletesByInterrupt;

        /// <summary>
        /// Synchronous I/O into or out of kernel memory (direct-mapped, so that Layout.ToPhysical translates it).
        /// Returns 0 or -EIO (-EINVAL for a range past the end, -EROFS for a write to a read-only disk). Works at
        /// boot before any thread runs (polling) and from a thread (which blocks until the completion interrupt).
        /// </summary>
        public abstract int Read(ulong sector, void* buffer, int sectors);

        public abstract int Write(ulong sector, void* buffer, int sectors);

        /// <summary>All completed writes are durable when it returns 0.</summary>
        public abstract int Flush();

        /// <summary>
        /// Starts <paramref name="request"/> and returns 0, or returns an error without starting it. The completion
        /// sets request->Status (0 or -EIO) and wakes request->Waiters. BlockRequests.Wait waits for it.
        /// </summary>
        public abstract int Submit(BlockRequest* request);

        /// <summary>Handles whatever completions the device has posted (for waiters that cannot sleep).</summary>
        public virtual void Poll()
        {
        }
    }
}
