// Binds drivers to what the PCI scan found, from an explicit table (no registration by reflection): today the
// virtio block, SCSI and network devices. Called once at boot, before the program is loaded; each disk found joins
// BlockDevices and is announced on the kernel console, each NIC joins NetworkService (announced once configured).
using Kiln.Kernel.Console;
using Kiln.Kernel.Devices.Virtio;
using Kiln.Kernel.Storage;

namespace Kiln.Kernel.Devices.Pci
{
    internal static class PciDrivers
    {
        public static void Probe()
        {
            PciBus.Enumerate();
            for (int i = 0; i < PciBus.Count; i++)
            {
                PciFunction function = PciBus.Get(i);
                int type = VirtioPci.DeviceType(function);
                if (type == VirtioPci.TypeBlock || type == VirtioPci.TypeScsi || type == VirtioPci.TypeNetwork)
                {
                    VirtioPci.Bind(function, type);
                }
            }

            for (int i = 0; i < BlockDevices.Count && Kiln.Kernel.Boot.KernelOptions.Verbose; i++)
            {
                BlockDevice disk = BlockDevices.Get(i);
                KernelLog.Write("kiln: disk ");
                KernelLog.WriteDecimal((long)i);
                KernelLog.Write(": ");
                KernelLog.Write(disk.Model);
                KernelLog.Write(", ");
                KernelLog.WriteDecimal(disk.SectorCount);
                KernelLog.WriteLine(disk.ReadOnly ? " sectors, read-only" : " sectors");
            }
        }
    }
}
