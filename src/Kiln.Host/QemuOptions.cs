// The inputs of one QEMU command line.

namespace Kiln.Host
{
    /// <summary>What QEMU needs to boot the Kiln kernel with one program.</summary>
    /// <param name="QemuPath">The qemu-system-x86_64 executable.</param>
    /// <param name="Accelerator">Kvm or Tcg (already resolved from Auto).</param>
    /// <param name="MemoryMiB">Guest memory in MiB.</param>
    /// <param name="BiosPath">The firmware (qboot).</param>
    /// <param name="KernelPath">kiln-kernel.elf.</param>
    /// <param name="InitrdPath">The cpio archive holding the program and its manifest.</param>
    /// <param name="Disks">Disk images to attach, in the order the kernel should number them (null: none).</param>
    public sealed record QemuOptions(
        string QemuPath,
        Accelerator Accelerator,
        long MemoryMiB,
        string BiosPath,
        string KernelPath,
        string InitrdPath,
        System.Collections.Generic.IReadOnlyList<QemuDisk>? Disks = null);
}
