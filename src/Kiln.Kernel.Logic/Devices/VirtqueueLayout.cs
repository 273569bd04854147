// Where the three parts of a split virtqueue of a given size sit in one physically contiguous block: the descriptor
// table at 0, the available ring right after it, the used ring at the next 4 KiB boundary. That is the legacy
// layout (virtio 1.2, 2.7.2 "Legacy Interfaces: A Note on Virtqueue Layout", QUEUE_ALIGN 4096), which a legacy device
// requires and which also meets the modern alignment rules (16, 2 and 4 bytes), so both transports use it.
namespace Kiln.Devices
{
    public static class VirtqueueLayout
    {
        public const int Alignment = 4096;

        /// <summary>Size is a power of two up to 32768 (2.7 "Split Virtqueues").</summary>
        public static bool IsValidSize(int size) => size > 0 && size <= 32768 && (size & (size - 1)) == 0;

        public static int DescriptorTableOffset => 0;

        /// <summary>flags, idx, ring[size], used_event: all 16-bit.</summary>
        public static int AvailableRingOffset(int size) => VirtqDescriptor.Size * size;

        public static int AvailableRingBytes(int size) => 2 * (3 + size);

        public static int UsedRingOffset(int size) => AlignUp(AvailableRingOffset(size) + AvailableRingBytes(size));

        /// <summary>flags, idx (16-bit each), ring[size] of 8-byte elements, avail_event (16-bit).</summary>
        public static int UsedRingBytes(int size) => 6 + (VirtqUsedElement.Size * size);

        public static int TotalBytes(int size) => UsedRingOffset(size) + AlignUp(UsedRingBytes(size));

        private static int AlignUp(int value) => (value + Alignment - 1) & ~(Alignment - 1);
    }
}
