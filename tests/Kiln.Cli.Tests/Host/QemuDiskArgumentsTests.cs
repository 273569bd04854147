// The QEMU arguments for attached disks: each bus's device, read-only drives, one shared SCSI adapter with targets
// in list order, and file names with commas.

using System.Collections.Generic;
using System.Linq;
using Kiln.Host;
using Xunit;

namespace Kiln.Cli.Tests.Host
{
    public sealed class QemuDiskArgumentsTests
    {
        [Fact]
        public void NoDisksAddsNoDriveOrDevice()
        {
            string line = Line(null);
            Assert.DoesNotContain("-drive", line);
            Assert.DoesNotContain("virtio", line);
        }

        [Fact]
        public void EachBusGetsItsDeviceAndScsiDisksShareOneAdapter()
        {
            string line = Line(new[]
            {
                new QemuDisk("/a.img", false, DiskBus.VirtioBlk),
                new QemuDisk("/b.img", true, DiskBus.VirtioScsi),
                new QemuDisk("/c.img", false, DiskBus.VirtioBlkLegacy),
                new QemuDisk("/d.img", false, DiskBus.VirtioScsi),
            });

            Assert.EndsWith(
                "-drive file=/a.img,format=raw,if=none,id=disk0 -device virtio-blk-pci,drive=disk0 " +
                "-drive file=/b.img,format=raw,if=none,id=disk1,readonly=on -device virtio-scsi-pci,id=scsi0 " +
                "-device scsi-hd,drive=disk1,bus=scsi0.0,channel=0,scsi-id=0,lun=0 " +
                "-drive file=/c.img,format=raw,if=none,id=disk2 -device virtio-blk-pci,drive=disk2,disable-modern=on " +
                "-drive file=/d.img,format=raw,if=none,id=disk3 -device scsi-hd,drive=disk3,bus=scsi0.0,channel=0,scsi-id=1,lun=0",
                line);
            Assert.Equal(1, line.Split(' ').Count(word => word.StartsWith("virtio-scsi-pci", System.StringComparison.Ordinal)));
        }

        [Fact]
        public void CommasInAPathAreDoubledForQemu()
        {
            string line = Line(new[] { new QemuDisk("/tmp/a,b.img", false, DiskBus.VirtioBlk) });
            Assert.Contains("file=/tmp/a,,b.img,format=raw", line);
        }

        private static string Line(IReadOnlyList<QemuDisk>? disks) =>
            string.Join(' ', QemuCommandLine.Build(new QemuOptions("q", Accelerator.Tcg, 256, "b", "k", disks ?? System.Array.Empty<QemuDisk>())));
    }
}
