// A split virtqueue (virtio 1.2, 2.7): the driver puts descriptor chains in the available ring, the device returns
// them through the used ring. Free descriptors form a list through their Next fields; each chain's head carries the
// submitter's token until the device gives the chain back. Ring indices are read with single loads through the MMIO
// helpers, so that the compiler can neither cache them nor reorder them around the device's view; x86 keeps stores
// in order (Intel SDM vol. 3A, 9.2.2), so a chain is complete in memory before the index that publishes it.
using Kiln.Devices;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;

namespace Kiln.Kernel.Devices.Virtio
{
    // SAFETY: the ring lives in physically contiguous pages owned by this queue for the kernel's lifetime, reached
    // through the direct map; every descriptor index used is below Size (heads come from the free list or, from the
    // device, are checked against Size before use).
    internal sealed unsafe class Virtqueue
    {
        // 2.7.6 and 2.7.8: the driver's "do not interrupt me" hint in the available ring's flags, the device's "do not
        // notify me" hint in the used ring's flags.
        private const ushort VIRTQ_AVAIL_F_NO_INTERRUPT = 1;
        private const ushort VIRTQ_USED_F_NO_NOTIFY = 1;

        private readonly VirtioTransport _transport;
        private readonly VirtqDescriptor* _descriptors;
        private readonly ushort* _available;   // flags, idx, ring[Size], used_event
        private readonly byte* _used;          // flags, idx, ring[Size] of VirtqUsedElement, avail_event
        private readonly ulong[] _tokens;
        private ushort _freeHead;
        private ushort _nextAvailable;
        private ushort _lastUsed;

        private Virtqueue(VirtioTransport transport, int index, int size, ulong ring)
        {
            _transport = transport;
            Index = index;
            Size = size;
            RingPhysical = ring;
            byte* memory = (byte*)Layout.ToVirtual(ring);
            _descriptors = (VirtqDescriptor*)(memory + VirtqueueLayout.DescriptorTableOffset);
            _available = (ushort*)(memory + VirtqueueLayout.AvailableRingOffset(size));
            _used = memory + VirtqueueLayout.UsedRingOffset(size);
            _tokens = new ulong[size];
            for (int i = 0; i < size; i++)
            {
                _descriptors[i].Next = (ushort)(i + 1);
            }

            _freeHead = 0;
            FreeCount = size;
        }

        public int Index { get; }

        public int Size { get; }

        public ulong RingPhysical { get; }

        public int FreeCount { get; private set; }

        /// <summary>The descriptor the next Add will use as its chain's head (drivers key per-request memory on it).</summary>
        public int PeekFreeHead => _freeHead;

        /// <summary>
        /// Sets up queue <paramref name="index"/> on the device with at most <paramref name="wantedSize"/> entries
        /// (the device's own size on a legacy transport) and its interrupts on MSI-X entry <paramref name="msixEntry"/>.
        /// </summary>
        public static Virtqueue Create(VirtioTransport transport, int index, int wantedSize, ushort msixEntry)
        {
            int maximum = transport.QueueMaximum(index);
            int size = transport.QueueSizeFixed || maximum < wantedSize ? maximum : wantedSize;
            if (!VirtqueueLayout.IsValidSize(size))
            {
                return null;
            }

            ulong pages = (ulong)VirtqueueLayout.TotalBytes(size) / Layout.PageSize;
            ulong ring = PhysicalMemory.AllocateContiguous(pages);
            if (ring == 0)
            {
                return null;
            }

            Virtqueue queue = new Virtqueue(transport, index, size, ring);
            if (!transport.ActivateQueue(index, size, ring, msixEntry))
            {
                for (ulong page = 0; page < pages; page++)
                {
                    PhysicalMemory.FreePage(ring + (page * Layout.PageSize));
                }

                return null;
            }

            return queue;
        }

        /// <summary>
        /// Publishes a chain of <paramref name="count"/> buffers (the first <paramref name="readable"/> for the device to
        /// read, the rest for it to write) with <paramref name="token"/>; returns the chain's head, or -1 when fewer
        /// than <paramref name="count"/> descriptors are free. The caller then calls Kick.
        /// </summary>
        public int Add(ulong* addresses, uint* lengths, int count, int readable, ulong token)
        {
            if (count <= 0 || count > FreeCount)
            {
                return -1;
            }

            ushort head = _freeHead;
            ushort current = head;
            for (int i = 0; i < count; i++)
            {
                VirtqDescriptor* descriptor = &_descriptors[current];
                descriptor->Address = addresses[i];
                descriptor->Length = lengths[i];
                ushort flags = i >= readable ? VirtqDescriptor.VIRTQ_DESC_F_WRITE : (ushort)0;
                if (i + 1 < count)
                {
                    flags |= VirtqDescriptor.VIRTQ_DESC_F_NEXT;
                    descriptor->Flags = flags;
                    current = descriptor->Next;
                }
                else
                {
                    descriptor->Flags = flags;
                    _freeHead = descriptor->Next;
                }
            }

            FreeCount -= count;
            _tokens[head] = token;
            _available[2 + (_nextAvailable % Size)] = head;
            _nextAvailable++;
            Cpu.WriteMmio16(&_available[1], _nextAvailable);
            return head;
        }

        /// <summary>Tells the device that new chains are available.</summary>
        public void Kick() => _transport.Notify(Index);

        /// <summary>
        /// Kicks unless the device asked not to be notified (VIRTQ_USED_F_NO_NOTIFY, 2.7.10): it is then already
        /// working through the ring and will see the new chains. The fence orders the index just published before
        /// the read of the device's flag (2.7.13.4). True when it kicked.
        /// </summary>
        public bool KickIfNeeded()
        {
            Cpu.MemoryFence();
            if ((Cpu.ReadMmio16(_used) & VIRTQ_USED_F_NO_NOTIFY) != 0)
            {
                return false;
            }

            Kick();
            return true;
        }

        /// <summary>True when the device has finished chains that TakeUsed has not returned yet.</summary>
        public bool HasUsed => Cpu.ReadMmio16(_used + 2) != _lastUsed;

        /// <summary>Asks the device not to interrupt for finished chains (a hint: one may still arrive, 2.7.7).</summary>
        public void DisableInterrupts() => Cpu.WriteMmio16(&_available[0], VIRTQ_AVAIL_F_NO_INTERRUPT);

        /// <summary>
        /// Asks for interrupts again. Returns true when chains finished while they were off: no interrupt comes for
        /// those, so the caller takes them now. The fence keeps the flag's store ahead of the index's load.
        /// </summary>
        public bool EnableInterrupts()
        {
            Cpu.WriteMmio16(&_available[0], 0);
            Cpu.MemoryFence();
            return HasUsed;
        }

        /// <summary>
        /// Takes the next chain the device finished: its head, its token and the bytes the device wrote. False when
        /// the used ring holds nothing new. The chain's descriptors go back on the free list.
        /// </summary>
        public bool TakeUsed(out int head, out ulong token, out uint written)
        {
            head = -1;
            token = 0;
            written = 0;
            ushort deviceIndex = Cpu.ReadMmio16(_used + 2);
            if (deviceIndex == _lastUsed)
            {
                return false;
            }

            VirtqUsedElement* element = (VirtqUsedElement*)(_used + 4) + (_lastUsed % Size);
            uint id = element->Id;
            written = element->Length;
            _lastUsed++;
            if (id >= (uint)Size)
            {
                // A device that returns a head it was never given is broken; skip the entry rather than corrupt state.
                return false;
            }

            head = (int)id;
            token = _tokens[id];
            _tokens[id] = 0;

            // Give the chain back: walk to its tail and link the free list behind it.
            ushort tail = (ushort)id;
            int length = 1;
            while ((_descriptors[tail].Flags & VirtqDescriptor.VIRTQ_DESC_F_NEXT) != 0 && length < Size)
            {
                tail = _descriptors[tail].Next;
                length++;
            }

            _descriptors[tail].Next = _freeHead;
            _freeHead = (ushort)id;
            FreeCount += length;
            return true;
        }
    }
}
