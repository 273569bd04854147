// The registry of block devices, in probe order: drivers add each disk they find; the file system asks for them by
// index.
namespace Kiln.Kernel.Storage
{
    internal static class BlockDevices
    {
        private const int Capacity = 64;

        private static readonly BlockDevice[] s_devices = new BlockDevice[Capacity];

        public static int Count;

        public static BlockDevice Get(int index) => index >= 0 && index < Count ? s_devices[index] : null;

        /// <summary>Gives <paramref name="device"/> the next index; false when the table is full.</summary>
        public static bool Add(BlockDevice device)
        {
            if (Count == Capacity)
            {
                return false;
            }

            device.Index = Count;
            s_devices[Count++] = device;
            return true;
        }
    }
}
