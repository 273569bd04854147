// A disk image to attach to the VM, and the bus it appears on.

namespace Kiln.Host
{
    /// <summary>How a disk is presented to the guest.</summary>
    public enum DiskBus
    {
        /// <summary>virtio-blk-pci with its default (transitional) transport; the kernel uses the modern one.</summary>
        VirtioBlk,

        /// <summary>virtio-blk-pci with disable-modern=on: only the legacy I/O-port transport (older hypervisors).</summary>
        VirtioBlkLegacy,

        /// <summary>A scsi-hd on a virtio-scsi-pci adapter (as GCP presents its disks), one target per disk.</summary>
        VirtioScsi,
    }

    /// <summary>One raw disk image.</summary>
    /// <param name="Path">The image file (raw format).</param>
    /// <param name="ReadOnly">Attach it read-only: the guest sees a write-protected disk and QEMU refuses writes.</param>
    /// <param name="Bus">Which device presents it.</param>
    public sealed record QemuDisk(string Path, bool ReadOnly, DiskBus Bus);
}
