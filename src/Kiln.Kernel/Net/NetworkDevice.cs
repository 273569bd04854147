// A network interface card as the kernel sees it: the stack's NetLink (MAC, MTU, Transmit) plus the receive side,
// which runs in the network thread (NetworkService), never in an interrupt handler.
//
// A NIC driver (virtio-net today; gVNIC or ENA later) derives from this class and, at probe, calls
// NetworkService.Register. It must provide:
// - MacAddress and Mtu (the largest IPv4 packet it carries);
// - Transmit: put one Ethernet frame on the wire, copied or mapped into its transmit ring before it returns; false
//   (the frame dropped) when the ring is full. It may reclaim finished transmit slots there;
// - Poll: hand up to `budget` received frames to the sink, one call each, with a span valid only during the call,
//   and give the buffers back to the device;
// - ArmReceiveInterrupt: re-enable the receive interrupt after a drain, and say whether frames slipped in meanwhile;
// - its interrupt handler: only mask its receive interrupt and call NetworkService.WakeFromInterrupt;
// - ReclaimTransmitted: take back transmit slots the device finished;
// - optionally BeginTransmitBatch/EndTransmitBatch, to notify the device once for many frames;
// - the offloads it negotiated (TransmitChecksumOffload with TransmitWithPartialChecksum).
using System;
using Kiln.Net.Stack;

namespace Kiln.Kernel.Net
{
    internal abstract class NetworkDevice : NetLink
    {
        /// <summary>What the driver is, for boot messages ("virtio-net (modern)").</summary>
        public string Model = "";

        /// <summary>The stack's interface on this device (eth0 ...); null until registered, or when the stack has none.</summary>
        public NetInterface Interface;

        /// <summary>Its position among the NICs: 0 for eth0.</summary>
        public int Number;

        /// <summary>True when a receive interrupt wakes the network thread; otherwise the thread polls on a timer.</summary>
        public bool ReceivesByInterrupt { get; protected set; }

        /// <summary>The device reported its link up (always true for a device that cannot tell).</summary>
        public bool LinkUp { get; protected set; } = true;

        /// <summary>The device fills in TCP/UDP checksums of frames sent with TransmitWithPartialChecksum.</summary>
        public bool TransmitChecksumOffload { get; protected set; }

        /// <summary>Frames the device may hand over with a partial checksum are finished by the driver before the sink sees them.</summary>
        public bool ReceiveChecksumOffload { get; protected set; }

        public ulong FramesReceived;
        public ulong FramesTransmitted;

        /// <summary>Frames that spanned more than one receive buffer.</summary>
        public ulong FramesMerged;

        /// <summary>Received frames dropped (malformed by the device, or too long).</summary>
        public ulong ReceiveDrops;

        /// <summary>Frames Transmit refused (ring full, or too long).</summary>
        public ulong TransmitDrops;

        /// <summary>Hands up to <paramref name="budget"/> received frames to <paramref name="sink"/>; returns how many.</summary>
        public abstract int Poll(FrameSink sink, int budget);

        /// <summary>Re-enables the receive interrupt; false when frames are already waiting (poll again, no interrupt comes).</summary>
        public abstract bool ArmReceiveInterrupt();

        /// <summary>Takes back transmit slots the device has finished with.</summary>
        public abstract void ReclaimTransmitted();

        /// <summary>
        /// Until EndTransmitBatch, Transmit may leave the device unnotified (the network thread opens a batch around
        /// a drain, so the ACKs it provokes cost one notification).
        /// </summary>
        public virtual void BeginTransmitBatch()
        {
        }

        /// <summary>Notifies the device of everything queued since BeginTransmitBatch.</summary>
        public virtual void EndTransmitBatch()
        {
        }

        /// <summary>
        /// Sends a frame whose transport checksum the device completes: the field at
        /// <paramref name="checksumStart"/> + <paramref name="checksumOffset"/> (offsets into the frame) holds the
        /// folded, uncomplemented pseudo-header sum. False when the device cannot (see TransmitChecksumOffload) or
        /// has no room.
        /// </summary>
        public virtual bool TransmitWithPartialChecksum(ReadOnlySpan<byte> frame, int checksumStart, int checksumOffset) => false;
    }
}
