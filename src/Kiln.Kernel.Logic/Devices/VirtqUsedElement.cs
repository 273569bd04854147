// One entry of a split virtqueue's used ring (virtio 1.2, 2.7.8): the head of a finished descriptor chain and how
// many bytes the device wrote into its device-writable buffers.
using System.Runtime.InteropServices;

namespace Kiln.Devices
{
    [StructLayout(LayoutKind.Sequential)]
    public struct VirtqUsedElement
    {
        public const int Size = 8;

        public uint Id;
        public uint Length;
    }
}
