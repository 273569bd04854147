// Where a NIC's received frames go: the network stack in normal operation (NetworkService), the raw-frame check of
// the net self-test. An abstract class rather than an interface, as the kernel's runtime prefers.
using System;

namespace Kiln.Kernel.Net
{
    internal abstract class FrameSink
    {
        /// <summary>One received Ethernet frame (no FCS). The span is valid only during the call; keep a copy.</summary>
        public abstract void OnFrame(NetworkDevice device, Span<byte> frame);
    }
}
