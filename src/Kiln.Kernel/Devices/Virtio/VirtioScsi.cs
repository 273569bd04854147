// The virtio-scsi host adapter (virtio 1.2, 5.6): one request queue (queue 2; the control and event queues stay
// off), SCSI commands as chains of request header, data-out, response, data-in. At probe it looks for a disk at LUN 0
// of every target (INQUIRY, TEST UNIT READY, MODE SENSE for write protection, READ CAPACITY (16)) and registers a
// VirtioScsiDisk for each; the disks' I/O comes back here as READ (16), WRITE (16) and SYNCHRONIZE CACHE (10).
using System;
using Kiln.Devices;
using Kiln.Kernel.Console;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Storage;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Devices.Virtio
{
    // SAFETY: _slots is Queue.Size * SlotSize bytes of physically contiguous pages owned by the adapter; a slot belongs
    // to the chain whose head has its index from Submit until TakeUsed returns that head. Data buffers are
    // direct-mapped kernel memory kept alive by the submitter until completion.
    internal sealed unsafe class VirtioScsi
    {
        // struct virtio_scsi_config (5.6.4).
        private const int ConfigSenseSize = 20;
        private const int ConfigCdbSize = 24;
        private const int ConfigMaxTarget = 30;

        private const int RequestQueue = 2;
        private const int QueueSize = 256;
        private const int SlotSize = 256;
        private const int ResponseOffset = 64;
        private const int MaxDescriptors = (BlockRequest.MaxSectors * BlockDevice.SectorSize / 4096) + 3;
        private const int MaxTargets = 256;
        private const int ReadyRetries = 5;
        private const ulong PollIntervalNs = 50_000;

        private readonly VirtioTransport _transport;
        private readonly WaitQueue _spaceWaiters = new WaitQueue();
        private Virtqueue _queue;
        private byte* _slots;
        private ulong _slotsPhysical;
        private ulong _nextTag;

        private VirtioScsi(VirtioTransport transport)
        {
            _transport = transport;
        }

        public bool CompletesByInterrupt { get; private set; }

        public bool IsLegacy => _transport.IsLegacy;

        public int MaxRequestSectors { get; private set; }

        /// <summary>Brings up the adapter and registers a disk for every target that has one; false on failure.</summary>
        public static bool Probe(VirtioTransport transport)
        {
            VirtioScsi adapter = new VirtioScsi(transport);
            if (!transport.Initialize(0))
            {
                return false;
            }

            // The request layout here assumes the default sizes; the driver may set them (5.6.4).
            transport.WriteConfig32(ConfigCdbSize, VirtioScsiRequest.CdbSize);
            transport.WriteConfig32(ConfigSenseSize, VirtioScsiRequest.SenseSize);
            if (transport.ReadConfig32(ConfigCdbSize) != VirtioScsiRequest.CdbSize || transport.ReadConfig32(ConfigSenseSize) != VirtioScsiRequest.SenseSize)
            {
                transport.Fail();
                return false;
            }

            bool msix = transport.EnableMsiX();
            adapter._queue = Virtqueue.Create(transport, RequestQueue, QueueSize, msix ? (ushort)0 : VirtioStatus.VIRTIO_MSI_NO_VECTOR);
            if (adapter._queue == null)
            {
                transport.Fail();
                return false;
            }

            ulong slotPages = Layout.PageUp((ulong)(adapter._queue.Size * SlotSize)) / Layout.PageSize;
            adapter._slotsPhysical = PhysicalMemory.AllocateContiguous(slotPages);
            if (adapter._slotsPhysical == 0)
            {
                transport.Fail();
                return false;
            }

            adapter._slots = (byte*)Layout.ToVirtual(adapter._slotsPhysical);
            adapter.CompletesByInterrupt = msix && VirtioInterrupts.Attach(transport, 0, new Completions(adapter));
            int sectors = (adapter._queue.Size - 4) * (4096 / BlockDevice.SectorSize);
            adapter.MaxRequestSectors = sectors < BlockRequest.MaxSectors ? sectors : BlockRequest.MaxSectors;
            transport.Start();

            int maxTarget = transport.ReadConfig16(ConfigMaxTarget);
            VirtioScsiDisk candidate = new VirtioScsiDisk(adapter, 0);
            for (int target = 0; target <= maxTarget && target < MaxTargets; target++)
            {
                candidate.Target = target;
                if (adapter.Identify(candidate))
                {
                    BlockDevices.Add(candidate);
                    candidate = new VirtioScsiDisk(adapter, 0);
                }
            }

            return true;
        }

        public void Poll() => Drain();

        /// <summary>Starts a disk's request as a SCSI command; 0, or an errno without starting it.</summary>
        public int Submit(VirtioScsiDisk disk, BlockRequest* request)
        {
            int check = BlockRequests.Check(disk, request);
            if (check != 0)
            {
                return check;
            }

            byte* cdb = stackalloc byte[ScsiCommands.Cdb16Length];
            Span<byte> command = new Span<byte>(cdb, ScsiCommands.Cdb16Length);
            int cdbLength;
            bool toDevice = false;
            switch (request->Operation)
            {
                case BlockOperation.Read:
                case BlockOperation.Write:
                    uint ratio = disk.BlockLength / BlockDevice.SectorSize;
                    if (request->Sector % ratio != 0 || (uint)request->Sectors % ratio != 0)
                    {
                        return (int)-Errno.EINVAL;
                    }

                    toDevice = request->Operation == BlockOperation.Write;
                    cdbLength = toDevice
                        ? ScsiCommands.Write16(command, request->Sector / ratio, (uint)request->Sectors / ratio)
                        : ScsiCommands.Read16(command, request->Sector / ratio, (uint)request->Sectors / ratio);
                    break;
                case BlockOperation.Flush:
                    cdbLength = ScsiCommands.SynchronizeCache10(command);
                    break;
                default:
                    return (int)-Errno.EINVAL;
            }

            uint length = request->Operation == BlockOperation.Flush ? 0 : (uint)request->ByteCount;
            return Start(disk.Target, new ReadOnlySpan<byte>(cdb, cdbLength), request, length, toDevice);
        }

        // Queues one command: header, data-out pages, response, data-in pages.
        private int Start(int target, ReadOnlySpan<byte> cdb, BlockRequest* request, uint length, bool toDevice)
        {
            ulong* addresses = stackalloc ulong[MaxDescriptors];
            uint* lengths = stackalloc uint[MaxDescriptors];
            ulong* data = stackalloc ulong[MaxDescriptors];
            uint* dataLengths = stackalloc uint[MaxDescriptors];
            int pieces = 0;
            ulong physical = length == 0 ? 0 : Layout.ToPhysical(request->Buffer);
            for (uint offset = 0; offset < length && pieces < MaxDescriptors - 2;)
            {
                ulong address = physical + offset;
                uint piece = 4096 - (uint)(address & 4095);
                if (piece > length - offset)
                {
                    piece = length - offset;
                }

                data[pieces] = address;
                dataLengths[pieces] = piece;
                pieces++;
                offset += piece;
            }

            int count = pieces + 2;
            if (!WaitForDescriptors(count))
            {
                return (int)-Errno.EINVAL;
            }

            request->Status = BlockRequest.Pending;
            int head = _queue.PeekFreeHead;
            byte* slot = _slots + (head * SlotSize);
            ulong slotPhysical = _slotsPhysical + (ulong)(head * SlotSize);
            VirtioScsiRequest.WriteHeader(new Span<byte>(slot, VirtioScsiRequest.HeaderSize), target, 0, ++_nextTag, cdb);
            new Span<byte>(slot + ResponseOffset, VirtioScsiRequest.ResponseSize).Clear();

            int next = 0;
            addresses[next] = slotPhysical;
            lengths[next++] = VirtioScsiRequest.HeaderSize;
            for (int i = 0; toDevice && i < pieces; i++)
            {
                addresses[next] = data[i];
                lengths[next++] = dataLengths[i];
            }

            int readable = next;
            addresses[next] = slotPhysical + ResponseOffset;
            lengths[next++] = VirtioScsiRequest.ResponseSize;
            for (int i = 0; !toDevice && i < pieces; i++)
            {
                addresses[next] = data[i];
                lengths[next++] = dataLengths[i];
            }

            _queue.Add(addresses, lengths, next, readable, (ulong)request);
            _queue.Kick();
            return 0;
        }

        // Asks whether `disk.Target` has a disk at LUN 0 and, if so, fills in its size and write protection.
        private bool Identify(VirtioScsiDisk disk)
        {
            ulong page = PhysicalMemory.AllocatePage();
            if (page == 0)
            {
                return false;
            }

            byte* data = (byte*)Layout.ToVirtual(page);
            byte* cdb = stackalloc byte[ScsiCommands.Cdb16Length];
            Span<byte> command = new Span<byte>(cdb, ScsiCommands.Cdb16Length);
            bool found = false;
            int length = ScsiCommands.Inquiry(command, ScsiCommands.InquiryLength);
            if (Execute(disk, command.Slice(0, length), data, ScsiCommands.InquiryLength) == 0
                && ScsiCommands.IsConnectedDisk(new ReadOnlySpan<byte>(data, ScsiCommands.InquiryLength)))
            {
                // The first command after a reset reports a unit attention ("power on"); ask again until ready.
                bool ready = false;
                for (int attempt = 0; attempt < ReadyRetries && !ready; attempt++)
                {
                    ready = Execute(disk, command.Slice(0, ScsiCommands.TestUnitReady(command)), null, 0) == 0;
                }

                length = ScsiCommands.ReadCapacity16(command);
                if (ready && Execute(disk, command.Slice(0, length), data, ScsiCommands.ReadCapacity16Length) == 0
                    && ScsiCommands.ParseReadCapacity16(new ReadOnlySpan<byte>(data, ScsiCommands.ReadCapacity16Length), out ulong lastLba, out uint blockLength)
                    && blockLength >= BlockDevice.SectorSize && blockLength % BlockDevice.SectorSize == 0 && blockLength <= 4096)
                {
                    disk.BlockLength = blockLength;
                    disk.SectorCount = (lastLba + 1) * (blockLength / BlockDevice.SectorSize);
                    length = ScsiCommands.ModeSense6(command, 4);
                    disk.ReadOnly = Execute(disk, command.Slice(0, length), data, 4) == 0
                        && ScsiCommands.IsWriteProtected(new ReadOnlySpan<byte>(data, 4));
                    found = true;
                }
                else if (ready)
                {
                    KernelLog.WriteLine("kiln: virtio-scsi: a disk whose capacity or block size is unusable is skipped");
                }
            }

            PhysicalMemory.FreePage(page);
            return found;
        }

        // Runs one command to completion; 0 when the device reports GOOD status.
        private int Execute(VirtioScsiDisk disk, ReadOnlySpan<byte> cdb, byte* dataIn, int length)
        {
            BlockRequest* request = BlockRequests.Rent();
            if (request == null)
            {
                return (int)-Errno.ENOMEM;
            }

            request->Buffer = dataIn;
            int result = Start(disk.Target, cdb, request, (uint)length, false);
            if (result == 0)
            {
                BlockRequests.Wait(disk, request);
                result = request->Status;
            }

            BlockRequests.Return(request);
            return result;
        }

        private void Drain()
        {
            bool freed = false;
            while (_queue.TakeUsed(out int head, out ulong token, out uint _))
            {
                freed = true;
                ReadOnlySpan<byte> response = new ReadOnlySpan<byte>(_slots + (head * SlotSize) + ResponseOffset, VirtioScsiRequest.ResponseSize);
                BlockRequest* request = (BlockRequest*)token;
                if (request == null)
                {
                    continue;
                }

                byte transport = VirtioScsiRequest.Response(response);
                byte status = VirtioScsiRequest.Status(response);
                int senseKey = ScsiCommands.SenseKey(VirtioScsiRequest.Sense(response));
                request->DeviceStatus = (transport << 16) | (status << 8) | (senseKey & 0xFF);

                // A transfer that moved less than asked (residual) failed as surely as one with a bad status.
                bool complete = request->Operation == BlockOperation.Flush || VirtioScsiRequest.Residual(response) == 0 || request->Sectors == 0;
                bool good = transport == VirtioScsiRequest.VIRTIO_SCSI_S_OK && status == ScsiCommands.StatusGood && complete;
                BlockRequests.Complete(request, good ? 0 : (int)-Errno.EIO);
            }

            if (freed && !_spaceWaiters.IsEmpty)
            {
                _spaceWaiters.WakeAll();
            }
        }

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
            private readonly VirtioScsi _adapter;

            public Completions(VirtioScsi adapter)
            {
                _adapter = adapter;
            }

            public override void OnInterrupt() => _adapter.Drain();
        }
    }
}
