// The virtio-blk driver (virtio 1.2, 5.2): one request queue, each request a chain of header, data pages and status
// byte, many in flight; completions arrive by MSI-X interrupt (or by polling at boot). Read, write, flush
// (VIRTIO_BLK_F_FLUSH) and the device id string.
using Kiln.Devices;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Storage;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Devices.Virtio
{
    // SAFETY: _slots is Queue.Size * SlotSize bytes of physically contiguous pages owned by this driver; a slot is used
    // only by the chain whose head has its index, from Submit until TakeUsed returns that head. Request buffers are
    // direct-mapped kernel memory that the submitter keeps alive until the request completes (BlockRequest's contract).
    internal sealed unsafe class VirtioBlock : BlockDevice
    {
        public const ulong VIRTIO_BLK_F_SIZE_MAX = 1UL << 1;
        public const ulong VIRTIO_BLK_F_SEG_MAX = 1UL << 2;
        public const ulong VIRTIO_BLK_F_RO = 1UL << 5;
        public const ulong VIRTIO_BLK_F_BLK_SIZE = 1UL << 6;
        public const ulong VIRTIO_BLK_F_FLUSH = 1UL << 9;

        // struct virtio_blk_config (5.2.4).
        private const int ConfigCapacity = 0;
        private const int ConfigSegMax = 12;

        private const int QueueSize = 256;
        private const int SlotSize = 32;
        private const int StatusOffset = 16;
        private const int MaxDescriptors = (BlockRequest.MaxSectors * SectorSize / 4096) + 3;
        private const ulong PollIntervalNs = 50_000;

        private readonly VirtioTransport _transport;
        private readonly WaitQueue _spaceWaiters = new WaitQueue();
        private Virtqueue _queue;
        private byte* _slots;
        private ulong _slotsPhysical;

        private VirtioBlock(VirtioTransport transport)
        {
            _transport = transport;
            Model = transport.IsLegacy ? "virtio-blk (legacy)" : "virtio-blk (modern)";
        }

        public VirtioTransport Transport => _transport;

        /// <summary>Brings up a virtio-blk device; null (and the device marked FAILED) when it cannot be driven.</summary>
        public static VirtioBlock Probe(VirtioTransport transport)
        {
            VirtioBlock disk = new VirtioBlock(transport);
            if (!transport.Initialize(VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_RO | VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH | VIRTIO_BLK_F_SIZE_MAX))
            {
                return null;
            }

            bool msix = transport.EnableMsiX();
            disk._queue = Virtqueue.Create(transport, 0, QueueSize, msix ? (ushort)0 : VirtioStatus.VIRTIO_MSI_NO_VECTOR);
            if (disk._queue == null)
            {
                transport.Fail();
                return null;
            }

            ulong slotPages = Layout.PageUp((ulong)(disk._queue.Size * SlotSize)) / Layout.PageSize;
            disk._slotsPhysical = PhysicalMemory.AllocateContiguous(slotPages);
            if (disk._slotsPhysical == 0)
            {
                transport.Fail();
                return null;
            }

            disk._slots = (byte*)Layout.ToVirtual(disk._slotsPhysical);
            disk.CompletesByInterrupt = msix && VirtioInterrupts.Attach(transport, 0, new Completions(disk));
            disk.SectorCount = transport.ReadConfig64(ConfigCapacity);
            disk.ReadOnly = transport.Has(VIRTIO_BLK_F_RO);

            // Every page of a request is one segment, and an unaligned buffer touches one page more than it fills;
            // header and status take two descriptors besides.
            int segments = disk._queue.Size - 2;
            if (transport.Has(VIRTIO_BLK_F_SEG_MAX))
            {
                uint segMax = transport.ReadConfig32(ConfigSegMax);
                if (segMax != 0 && segMax < (uint)segments)
                {
                    segments = (int)segMax;
                }
            }

            int sectors = (segments - 1) * (4096 / SectorSize);
            disk.MaxRequestSectors = sectors < BlockRequest.MaxSectors ? (sectors < 8 ? 8 : sectors) : BlockRequest.MaxSectors;
            transport.Start();
            return disk;
        }

        public bool SupportsFlush => _transport.Has(VIRTIO_BLK_F_FLUSH);

        public override int Read(ulong sector, void* buffer, int sectors) => BlockRequests.Transfer(this, BlockOperation.Read, sector, (byte*)buffer, sectors);

        public override int Write(ulong sector, void* buffer, int sectors) => BlockRequests.Transfer(this, BlockOperation.Write, sector, (byte*)buffer, sectors);

        /// <summary>Without VIRTIO_BLK_F_FLUSH the device writes through, so completed writes are already durable (5.2.6.2).</summary>
        public override int Flush() => SupportsFlush ? BlockRequests.Run(this, BlockOperation.Flush, null) : 0;

        /// <summary>Reads the device id string (the disk's serial) into <paramref name="buffer"/> of IdLength bytes.</summary>
        public int GetId(byte* buffer) => BlockRequests.Run(this, BlockOperation.GetId, buffer);

        public override int Submit(BlockRequest* request)
        {
            int check = BlockRequests.Check(this, request);
            if (check != 0)
            {
                return check;
            }

            uint type;
            uint dataLength;
            switch (request->Operation)
            {
                case BlockOperation.Read:
                    type = VirtioBlockRequest.VIRTIO_BLK_T_IN;
                    dataLength = (uint)request->ByteCount;
                    break;
                case BlockOperation.Write:
                    type = VirtioBlockRequest.VIRTIO_BLK_T_OUT;
                    dataLength = (uint)request->ByteCount;
                    break;
                case BlockOperation.Flush:
                    if (!SupportsFlush)
                    {
                        request->Status = 0;
                        return 0;
                    }

                    type = VirtioBlockRequest.VIRTIO_BLK_T_FLUSH;
                    dataLength = 0;
                    break;
                default:
                    type = VirtioBlockRequest.VIRTIO_BLK_T_GET_ID;
                    dataLength = VirtioBlockRequest.IdLength;
                    break;
            }

            ulong* addresses = stackalloc ulong[MaxDescriptors];
            uint* lengths = stackalloc uint[MaxDescriptors];
            int count = 1;
            ulong data = dataLength == 0 ? 0 : Layout.ToPhysical(request->Buffer);
            for (uint offset = 0; offset < dataLength && count < MaxDescriptors - 1;)
            {
                ulong address = data + offset;
                uint piece = 4096 - (uint)(address & 4095);
                if (piece > dataLength - offset)
                {
                    piece = dataLength - offset;
                }

                addresses[count] = address;
                lengths[count] = piece;
                count++;
                offset += piece;
            }

            count++;   // the status byte
            if (!WaitForDescriptors(count))
            {
                return (int)-Errno.EINVAL;
            }

            // The header and status live in the slot of the chain's head, which Add is about to hand out.
            request->Status = BlockRequest.Pending;
            int head = _queue.PeekFreeHead;
            byte* slot = _slots + (head * SlotSize);
            VirtioBlockRequest.WriteHeader(new System.Span<byte>(slot, VirtioBlockRequest.HeaderSize), type, request->Sector);
            slot[StatusOffset] = 0xFF;
            ulong slotPhysical = _slotsPhysical + (ulong)(head * SlotSize);
            addresses[0] = slotPhysical;
            lengths[0] = VirtioBlockRequest.HeaderSize;
            addresses[count - 1] = slotPhysical + StatusOffset;
            lengths[count - 1] = 1;
            int readable = request->Operation == BlockOperation.Write ? count - 1 : 1;
            _queue.Add(addresses, lengths, count, readable, (ulong)request);
            _queue.Kick();
            return 0;
        }

        public override void Poll() => Drain();

        // Hands every finished chain's status to its request.
        private void Drain()
        {
            bool freed = false;
            while (_queue.TakeUsed(out int head, out ulong token, out uint _))
            {
                freed = true;
                byte status = _slots[(head * SlotSize) + StatusOffset];
                BlockRequest* request = (BlockRequest*)token;
                if (request != null)
                {
                    BlockRequests.Complete(request, status == VirtioBlockRequest.VIRTIO_BLK_S_OK ? 0 : (int)-Errno.EIO);
                }
            }

            if (freed && !_spaceWaiters.IsEmpty)
            {
                _spaceWaiters.WakeAll();
            }
        }

        // Waits until the queue has `count` free descriptors: completions free them.
        private bool WaitForDescriptors(int count)
        {
            if (count > _queue.Size)
            {
                return false;
            }

            while (_queue.FreeCount < count)
            {
                if (!BlockRequests.CanBlock)
                {
                    Drain();
                }
                else if (CompletesByInterrupt)
                {
                    _spaceWaiters.Wait(Scheduler.Forever, false);
                }
                else
                {
                    Scheduler.SleepUntil(Clock.MonotonicNs() + PollIntervalNs, false);
                    Drain();
                }
            }

            return true;
        }

        private sealed class Completions : VirtioInterruptHandler
        {
            private readonly VirtioBlock _disk;

            public Completions(VirtioBlock disk)
            {
                _disk = disk;
            }

            public override void OnInterrupt() => _disk.Drain();
        }
    }
}
