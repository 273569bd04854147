// The inputs of one QEMU command line.

namespace Kiln.Host
{
    /// <summary>What QEMU needs to boot the Kiln kernel with one program.</summary>
    /// <param name="QemuPath">The qemu-system-x86_64 executable.</param>
    /// <param name="Accelerator">Kvm or Tcg (already resolved from Auto).</param>
    /// <param name="MemoryMiB">Guest memory in MiB.</param>
    /// <param name="BiosPath">The firmware (qboot).</param>
    /// <param name="KernelPath">kiln-kernel.elf.</param>
    /// <param name="Disks">Disk images to attach: the root disk (the program, its files and the manifest) first, then volumes.</param>
    public sealed record QemuOptions(
        string QemuPath,
        Accelerator Accelerator,
        long MemoryMiB,
        string BiosPath,
        string KernelPath,
        System.Collections.Generic.IReadOnlyList<QemuDisk> Disks)
    {
        /// <summary>Ask the kernel for its boot messages (kiln.verbose=1 on its command line).</summary>
        public bool Verbose { get; init; }

        /// <summary>The user network and its virtio-net NIC, or null for a VM without a NIC (kiln run --no-network).</summary>
        public QemuNetwork? Network { get; init; }
    }
}
