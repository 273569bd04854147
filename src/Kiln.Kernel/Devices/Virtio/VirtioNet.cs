// The virtio-net driver (virtio 1.2, 5.1) over either PCI transport: receive queue 0 kept full of preallocated
// buffers (with VIRTIO_NET_F_MRG_RXBUF a frame may fill several, named by num_buffers in the first one's header),
// transmit queue 1 with one slot per descriptor chain holding the virtio_net_hdr and a copy of the frame.
//
// Interrupts are moderated NAPI-style: the receive interrupt only masks itself (VIRTQ_AVAIL_F_NO_INTERRUPT) and
// wakes the network thread, which drains the ring, unmasks and checks again. The transmit queue never interrupts:
// finished slots are reclaimed when the next frame is sent and by the network thread.
using System;
using Kiln.Devices;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Net;
using Kiln.Kernel.Process;

namespace Kiln.Kernel.Devices.Virtio
{
    // SAFETY: _receiveBuffers and _transmitSlots are physically contiguous pages owned by this driver for the kernel's
    // lifetime, reached through the direct map. A receive buffer belongs to the device from Post until TakeUsed
    // returns its index as the token, then to the driver until it is posted again; its index is checked against the
    // buffer count. A transmit slot belongs to the chain whose head has its index, from Transmit until TakeUsed.
    internal sealed unsafe partial class VirtioNet : NetworkDevice
    {
        // struct virtio_net_config (5.1.4).
        private const int ConfigMac = 0;
        private const int ConfigStatus = 6;
        private const int ConfigMtu = 10;
        private const ushort VIRTIO_NET_S_LINK_UP = 1;

        private const int ReceiveQueueIndex = 0;
        private const int TransmitQueueIndex = 1;
        private const int QueueSize = 256;

        // Mergeable buffers are a quarter page: a small frame (an ACK, a request) takes one, a full 1514-byte frame two.
        // Without merging, every buffer must hold the largest frame with its header.
        private const int MergeableBufferSize = 1024;
        private const int WholeFrameBufferSize = 2048;
        private const int TransmitSlotSize = 2048;
        private const int EthernetMtu = 1500;
        private const int MaxFrame = EthernetMtu + 14;

        /// <summary>The features this driver asks for; the device agrees to those it offers.</summary>
        public const ulong WantedFeatures = VirtioNetFeatures.VIRTIO_NET_F_MAC | VirtioNetFeatures.VIRTIO_NET_F_STATUS
            | VirtioNetFeatures.VIRTIO_NET_F_MRG_RXBUF | VirtioNetFeatures.VIRTIO_NET_F_CSUM
            | VirtioNetFeatures.VIRTIO_NET_F_GUEST_CSUM | VirtioNetFeatures.VIRTIO_NET_F_MTU
            | VirtioNetFeatures.VIRTIO_F_ANY_LAYOUT;

        private readonly VirtioTransport _transport;
        private Virtqueue _receive;
        private Virtqueue _transmit;
        private byte* _receiveBuffers;
        private ulong _receivePhysical;
        private int _receiveBufferSize;
        private int _receiveBufferCount;
        private byte* _transmitSlots;
        private ulong _transmitPhysical;
        private byte* _assembly;
        private int _headerLength;
        private bool _mergeable;
        private bool _headerApart;
        private ulong _mac;
        private int _mtu;

        private VirtioNet(VirtioTransport transport)
        {
            _transport = transport;
            Model = transport.IsLegacy ? "virtio-net (legacy)" : "virtio-net (modern)";
        }

        public VirtioTransport Transport => _transport;

        public override ulong MacAddress => _mac;

        public override int Mtu => _mtu;

        /// <summary>Bytes in one receive buffer (1024 with mergeable buffers, else 2048).</summary>
        public int ReceiveBufferSize => _receiveBufferSize;

        /// <summary>Brings up a virtio-net device; null (and the device marked FAILED) when it cannot be driven.</summary>
        public static VirtioNet Probe(VirtioTransport transport)
        {
            VirtioNet nic = new VirtioNet(transport);
            if (!transport.Initialize(WantedFeatures))
            {
                return null;
            }

            bool msix = transport.EnableMsiX();
            nic._receive = Virtqueue.Create(transport, ReceiveQueueIndex, QueueSize, msix ? (ushort)0 : VirtioStatus.VIRTIO_MSI_NO_VECTOR);
            nic._transmit = Virtqueue.Create(transport, TransmitQueueIndex, QueueSize, VirtioStatus.VIRTIO_MSI_NO_VECTOR);
            if (nic._receive == null || nic._transmit == null || !nic.AllocateBuffers())
            {
                transport.Fail();
                return null;
            }

            nic.ReadConfiguration();
            nic._transmit.DisableInterrupts();
            nic.ReceivesByInterrupt = msix && VirtioInterrupts.Attach(transport, 0, new ReceiveInterrupt(nic));
            if (!nic.ReceivesByInterrupt)
            {
                nic._receive.DisableInterrupts();
            }

            for (int i = 0; i < nic._receiveBufferCount; i++)
            {
                nic.Post(i);
            }

            // The device may not be notified before DRIVER_OK (3.1.1), so the full ring is announced after Start.
            transport.Start();
            nic._receive.Kick();
            return nic;
        }

        private bool AllocateBuffers()
        {
            _mergeable = _transport.Has(VirtioNetFeatures.VIRTIO_NET_F_MRG_RXBUF);
            bool version1 = _transport.Has(VirtioNetFeatures.VIRTIO_F_VERSION_1);
            _headerLength = VirtioNetHeader.SizeFor(version1, _mergeable);

            // A legacy device without VIRTIO_F_ANY_LAYOUT wants the header in a descriptor of its own (5.1.6.6).
            _headerApart = !version1 && !_transport.Has(VirtioNetFeatures.VIRTIO_F_ANY_LAYOUT);
            _receiveBufferSize = _mergeable ? MergeableBufferSize : WholeFrameBufferSize;
            _receiveBufferCount = _receive.Size;
            _receivePhysical = AllocatePages((ulong)(_receiveBufferCount * _receiveBufferSize));
            _transmitPhysical = AllocatePages((ulong)(_transmit.Size * TransmitSlotSize));
            ulong assembly = AllocatePages(TransmitSlotSize);
            if (_receivePhysical == 0 || _transmitPhysical == 0 || assembly == 0)
            {
                return false;
            }

            _receiveBuffers = (byte*)Layout.ToVirtual(_receivePhysical);
            _transmitSlots = (byte*)Layout.ToVirtual(_transmitPhysical);
            _assembly = (byte*)Layout.ToVirtual(assembly);
            return true;
        }

        // Contiguous pages for `bytes`; 0 when memory ran out.
        private static ulong AllocatePages(ulong bytes) => PhysicalMemory.AllocateContiguous(Layout.PageUp(bytes) / Layout.PageSize);

        private void ReadConfiguration()
        {
            if (_transport.Has(VirtioNetFeatures.VIRTIO_NET_F_MAC))
            {
                for (int i = 0; i < 6; i++)
                {
                    _mac = (_mac << 8) | _transport.ReadConfig8(ConfigMac + i);
                }
            }
            else
            {
                // No address from the device (5.1.5: the driver then picks one): a random, locally administered one.
                _mac = (Entropy.Next() & 0xFEFF_FFFF_FFFF) | 0x0200_0000_0000;
            }

            _mtu = EthernetMtu;
            if (_transport.Has(VirtioNetFeatures.VIRTIO_NET_F_MTU))
            {
                // A smaller MTU than Ethernet's is honoured; a jumbo one is not used (the buffers hold 1514 bytes).
                int mtu = _transport.ReadConfig16(ConfigMtu);
                if (mtu >= 576 && mtu < EthernetMtu)
                {
                    _mtu = mtu;
                }
            }

            LinkUp = !_transport.Has(VirtioNetFeatures.VIRTIO_NET_F_STATUS)
                || (_transport.ReadConfig16(ConfigStatus) & VIRTIO_NET_S_LINK_UP) != 0;
            TransmitChecksumOffload = _transport.Has(VirtioNetFeatures.VIRTIO_NET_F_CSUM);
            ReceiveChecksumOffload = _transport.Has(VirtioNetFeatures.VIRTIO_NET_F_GUEST_CSUM);
        }

        private byte* ReceiveBuffer(int index) => _receiveBuffers + ((long)index * _receiveBufferSize);

        // Gives receive buffer `index` to the device; the caller kicks.
        private void Post(int index)
        {
            ulong address = _receivePhysical + (ulong)((long)index * _receiveBufferSize);
            uint length = (uint)_receiveBufferSize;
            _receive.Add(&address, &length, 1, 0, (ulong)index);
        }

        private sealed class ReceiveInterrupt : VirtioInterruptHandler
        {
            private readonly VirtioNet _nic;

            public ReceiveInterrupt(VirtioNet nic)
            {
                _nic = nic;
            }

            // Interrupt moderation: mask further receive interrupts and leave the work to the network thread.
            public override void OnInterrupt()
            {
                _nic._receive.DisableInterrupts();
                NetworkService.WakeFromInterrupt();
            }
        }
    }
}
