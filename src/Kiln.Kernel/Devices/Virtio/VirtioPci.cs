// Recognizes virtio devices on PCI (virtio 1.2, 4.1.2 "PCI Device Discovery": vendor 0x1AF4, device 0x1040 + type
// for modern-only devices, 0x1000-0x103F with the type in the subsystem id for transitional ones) and starts the
// right driver over the modern transport, or the legacy one when the device has no modern capabilities.
using Kiln.Kernel.Console;
using Kiln.Kernel.Devices.Pci;
using Kiln.Kernel.Net;
using Kiln.Kernel.Storage;

namespace Kiln.Kernel.Devices.Virtio
{
    internal static class VirtioPci
    {
        public const ushort VendorId = 0x1AF4;
        public const int TypeNetwork = 1;
        public const int TypeBlock = 2;
        public const int TypeScsi = 8;

        /// <summary>The virtio device type of <paramref name="function"/>, or -1 when it is not a virtio device.</summary>
        public static int DeviceType(PciFunction function)
        {
            if (function.VendorId != VendorId || function.DeviceId < 0x1000 || function.DeviceId > 0x107F)
            {
                return -1;
            }

            return function.DeviceId >= 0x1040 ? function.DeviceId - 0x1040 : function.SubsystemId;
        }

        public static void Bind(PciFunction function, int type)
        {
            VirtioTransport transport = VirtioPciModern.Open(function);
            if (transport == null)
            {
                transport = VirtioPciLegacy.Open(function);
            }

            if (transport == null)
            {
                KernelLog.WriteLine("kiln: virtio: a device has neither modern capabilities nor a legacy I/O BAR; skipped");
                return;
            }

            if (type == TypeNetwork)
            {
                VirtioNet nic = VirtioNet.Probe(transport);
                if (nic == null || !NetworkService.Register(nic))
                {
                    KernelLog.WriteLine("kiln: virtio-net: the device could not be started");
                }
            }
            else if (type == TypeBlock)
            {
                VirtioBlock disk = VirtioBlock.Probe(transport);
                if (disk == null || !BlockDevices.Add(disk))
                {
                    KernelLog.WriteLine("kiln: virtio-blk: the device could not be started");
                }
            }
            else if (!VirtioScsi.Probe(transport))
            {
                KernelLog.WriteLine("kiln: virtio-scsi: the adapter could not be started");
            }
        }
    }
}
