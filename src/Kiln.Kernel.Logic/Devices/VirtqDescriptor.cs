// A split virtqueue's descriptor (virtio 1.2, 2.7.5 "The Virtqueue Descriptor Table"): one buffer the device reads
// or writes, chained to the next through Next while Flags has VIRTQ_DESC_F_NEXT.
using System.Runtime.InteropServices;

namespace Kiln.Devices
{
    [StructLayout(LayoutKind.Sequential)]
    public struct VirtqDescriptor
    {
        public const int Size = 16;

        /// <summary>The buffer continues in the descriptor named by Next.</summary>
        public const ushort VIRTQ_DESC_F_NEXT = 1;

        /// <summary>The device writes this buffer (otherwise it only reads it).</summary>
        public const ushort VIRTQ_DESC_F_WRITE = 2;

        public ulong Address;
        public uint Length;
        public ushort Flags;
        public ushort Next;
    }
}
