// Device status bits (virtio 1.2, 2.1 "Device Status Field") and the feature bits common to every device type
// (6 "Reserved Feature Bits").
namespace Kiln.Kernel.Devices.Virtio
{
    internal static class VirtioStatus
    {
        public const byte ACKNOWLEDGE = 1;
        public const byte DRIVER = 2;
        public const byte DRIVER_OK = 4;
        public const byte FEATURES_OK = 8;
        public const byte DEVICE_NEEDS_RESET = 64;
        public const byte FAILED = 128;

        public const ulong VIRTIO_F_VERSION_1 = 1UL << 32;

        /// <summary>The MSI-X vector value meaning "no interrupt for this queue or for configuration changes".</summary>
        public const ushort VIRTIO_MSI_NO_VECTOR = 0xFFFF;
    }
}
