// virtio-net's transmit path (virtio 1.2, 5.1.6.2): each frame is copied behind a virtio_net_hdr into the transmit
// slot of its chain's head, as one descriptor (or two, header apart, for a legacy device without ANY_LAYOUT); with
// VIRTIO_NET_F_CSUM the header can ask the device to finish the transport checksum (VIRTIO_NET_HDR_F_NEEDS_CSUM).
using System;
using Kiln.Devices;
using Kiln.Kernel.Arch.X86_64;

namespace Kiln.Kernel.Devices.Virtio
{
    internal sealed unsafe partial class VirtioNet
    {
        private bool _batching;
        private bool _kickPending;

        /// <summary>Times the device was notified of new frames (it asks not to be while it is busy sending).</summary>
        public ulong TransmitNotifications;

        public override bool Transmit(ReadOnlySpan<byte> frame) => Send(frame, default);

        public override bool TransmitWithPartialChecksum(ReadOnlySpan<byte> frame, int checksumStart, int checksumOffset)
        {
            if (!TransmitChecksumOffload || checksumStart < 0 || checksumOffset < 0 || checksumStart + checksumOffset + 2 > frame.Length)
            {
                return false;
            }

            VirtioNetHeader header = default;
            header.Flags = VirtioNetHeader.VIRTIO_NET_HDR_F_NEEDS_CSUM;
            header.CsumStart = (ushort)checksumStart;
            header.CsumOffset = (ushort)checksumOffset;
            return Send(frame, header);
        }

        public override void ReclaimTransmitted()
        {
            while (_transmit.TakeUsed(out int _, out ulong _, out uint _))
            {
            }
        }

        private bool Send(ReadOnlySpan<byte> frame, in VirtioNetHeader header)
        {
            int descriptors = _headerApart ? 2 : 1;
            if (_transmit.FreeCount < descriptors)
            {
                ReclaimTransmitted();
            }

            if (frame.Length > TransmitSlotSize - _headerLength || frame.Length < 14 || _transmit.FreeCount < descriptors)
            {
                TransmitDrops++;
                return false;
            }

            int head = _transmit.PeekFreeHead;
            byte* slot = _transmitSlots + ((long)head * TransmitSlotSize);
            header.Write(new Span<byte>(slot, _headerLength), _headerLength);
            frame.CopyTo(new Span<byte>(slot + _headerLength, frame.Length));

            ulong physical = _transmitPhysical + (ulong)((long)head * TransmitSlotSize);
            ulong* addresses = stackalloc ulong[2];
            uint* lengths = stackalloc uint[2];
            if (_headerApart)
            {
                addresses[0] = physical;
                lengths[0] = (uint)_headerLength;
                addresses[1] = physical + (ulong)_headerLength;
                lengths[1] = (uint)frame.Length;
            }
            else
            {
                addresses[0] = physical;
                lengths[0] = (uint)(_headerLength + frame.Length);
            }

            _transmit.Add(addresses, lengths, descriptors, descriptors, 0);
            FramesTransmitted++;
            if (_batching)
            {
                _kickPending = true;
            }
            else
            {
                Notify();
            }

            return true;
        }

        public override void BeginTransmitBatch() => _batching = true;

        public override void EndTransmitBatch()
        {
            _batching = false;
            if (_kickPending)
            {
                Notify();
            }
        }

        private void Notify()
        {
            _kickPending = false;
            if (_transmit.KickIfNeeded())
            {
                TransmitNotifications++;
            }
        }
    }
}
