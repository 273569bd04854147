// Boot-time mounting of KilnFS partitions: the root file system (the disk whose KilnFS label is "root") and each
// volume the manifest names (mount=LABEL:/path), found by label among all block devices. The kernel finds a partition
// by its GPT type, never by index, and a disk by its label, never by its position on the bus.
using System;
using Kiln.Kernel.Console;
using Kiln.Kernel.FileSystems.Tmpfs;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Storage;
using Kiln.Kernel.Vfs;
using Kiln.Manifest;
using Kiln.Storage;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal static unsafe class KilnFsBoot
    {
        /// <summary>Mounts the disk labelled "root" as "/": true when there was one and it mounted.</summary>
        public static bool MountRoot()
        {
            KilnFs root = MountLabelled("root"u8);
            if (root == null)
            {
                return false;
            }

            VfsRoot.SetRoot(root);

            // /tmp is memory, mode 1777 as on every Linux system, unless the image itself holds files there (a program,
            // its files or its working directory that live under the host's /tmp): a mount would hide them, so then
            // /tmp stays on the root disk.
            if (!HoldsFilesUnder(root.Root, "tmp"u8))
            {
                VfsRoot.MountAt("/tmp"u8, TmpfsFileSystem.Create(0x3FF));
            }

            VfsRoot.Root.Hold();
            UserProcess.EnterFileTree(VfsRoot.Root, VfsRoot.Root);
            return true;
        }

        // True when directory/name is a directory with at least one entry besides "." and "..".
        private static bool HoldsFilesUnder(Inode directory, ReadOnlySpan<byte> name)
        {
            if (directory.Lookup(name, out Inode child) < 0)
            {
                return false;
            }

            byte* buffer = stackalloc byte[256];
            DirectorySink sink = new DirectorySink(buffer, 256);
            long position = 0;
            bool holds = child.IsDirectory && child.ReadDirectory(ref position, ref sink) >= 0 && sink.Count > 2;
            child.Drop();
            return holds;
        }

        /// <summary>
        /// Mounts every volume <paramref name="manifest"/> names; false, after saying which volume is missing or
        /// broken, when one cannot be mounted (the program must not start without its data).
        /// </summary>
        public static bool MountVolumes(ReadOnlySpan<byte> manifest)
        {
            ManifestReader reader = new ManifestReader(manifest);
            while (reader.MoveNext(out ManifestRecord record))
            {
                if (record.Key != ManifestKey.Mount || !ManifestMount.TrySplit(record.Value, out ReadOnlySpan<byte> label, out ReadOnlySpan<byte> path))
                {
                    continue;
                }

                KilnFs volume = MountLabelled(label);
                if (volume == null)
                {
                    KernelLog.Write("kiln: error: volume \"");
                    KernelLog.Write(label);
                    KernelLog.Write("\" (to mount on ");
                    KernelLog.Write(path);
                    KernelLog.WriteLine(") is not attached or holds no KilnFS file system with that label");
                    return false;
                }

                VfsRoot.MountAt(path, volume);
            }

            return true;
        }

        // The first disk whose KilnFS partition has this label, mounted; null when none does (or it fails to mount,
        // which is reported).
        private static KilnFs MountLabelled(ReadOnlySpan<byte> label)
        {
            ulong frames = PhysicalMemory.AllocateContiguous(GptLayout.PrimarySectors * GptLayout.SectorSize / (int)Layout.PageSize + 1);
            if (frames == 0)
            {
                return null;
            }

            byte* sectors = (byte*)Layout.ToVirtual(frames);
            KilnFs found = null;
            for (int i = 0; i < BlockDevices.Count && found == null; i++)
            {
                BlockDevice device = BlockDevices.Get(i);
                if (device.SectorCount < GptLayout.PrimarySectors || device.Read(1, sectors, 1 + GptLayout.EntrySectors) < 0)
                {
                    continue;
                }

                ReadOnlySpan<byte> table = new ReadOnlySpan<byte>(sectors, (1 + GptLayout.EntrySectors) * GptLayout.SectorSize);
                if (GptReader.TryFind(table, KilnFsLayout.PartitionType, out GptPartition partition) != GptError.None)
                {
                    continue;
                }

                // Read the superblocks' labels first, so that a disk with another label is never mounted (or written).
                if (!HasLabel(device, partition.FirstLba, sectors, label))
                {
                    continue;
                }

                KilnFs volume = KilnFs.Mount(device, partition.FirstLba, partition.SectorCount, readOnly: false, out int error);
                if (volume == null)
                {
                    KernelLog.Write("kilnfs: cannot mount disk ");
                    KernelLog.WriteDecimal((long)device.Index);
                    KernelLog.Write(": error ");
                    KernelLog.WriteDecimal((long)-error);
                    KernelLog.WriteLine();
                    continue;
                }

                if (Kiln.Kernel.Boot.KernelOptions.Verbose)
                {
                    volume.Report(device.Index);
                }

                found = volume;
            }

            ulong pages = GptLayout.PrimarySectors * GptLayout.SectorSize / Layout.PageSize + 1;
            for (ulong i = 0; i < pages; i++)
            {
                PhysicalMemory.FreePage(frames + (i * Layout.PageSize));
            }

            return found;
        }

        private static bool HasLabel(BlockDevice device, ulong firstSector, byte* buffer, ReadOnlySpan<byte> label)
        {
            if (device.Read(firstSector, buffer, 2 * KilnFsLayout.SectorsPerBlock) < 0)
            {
                return false;
            }

            ReadOnlySpan<byte> slot0 = new ReadOnlySpan<byte>(buffer, KilnFsLayout.BlockSize);
            ReadOnlySpan<byte> slot1 = new ReadOnlySpan<byte>(buffer + KilnFsLayout.BlockSize, KilnFsLayout.BlockSize);
            return Superblock.Choose(slot0, slot1, out Superblock superblock) && superblock.LabelEquals(label);
        }
    }
}
