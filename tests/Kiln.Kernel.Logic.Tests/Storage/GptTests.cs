// GPT writing and reading: our reader finds what our writer wrote, rejects damage, and the host's sfdisk (when
// installed) reads our tables as a valid GPT with the same partition.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Kiln.Storage;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Storage
{
    public class GptTests
    {
        private const ulong DiskSectors = 64 * 2048; // 64 MiB

        private static GptPartition KilnPartition => new GptPartition
        {
            Type = KilnFsLayout.PartitionType,
            Unique = new GptGuid(0x0102030405060708, 0x1112131415161718),
            FirstLba = GptLayout.Alignment,
            LastLba = GptLayout.LastUsable(DiskSectors),
            Name = "root",
        };

        private static (byte[] Primary, byte[] Backup) Write()
        {
            byte[] primary = new byte[GptLayout.PrimarySectors * 512];
            byte[] backup = new byte[GptLayout.BackupSectors * 512];
            GptWriter.Write(primary, backup, DiskSectors, new GptGuid(7, 9), new[] { KilnPartition });
            return (primary, backup);
        }

        [Fact]
        public void The_reader_finds_the_written_partition_by_type()
        {
            (byte[] primary, _) = Write();
            Assert.Equal(GptError.None, GptReader.TryFind(primary.AsSpan(512), KilnFsLayout.PartitionType, out GptPartition found));
            Assert.Equal(GptLayout.Alignment, found.FirstLba);
            Assert.Equal(GptLayout.LastUsable(DiskSectors), found.LastLba);
            Assert.Equal(GptError.NotFound, GptReader.TryFind(primary.AsSpan(512), new GptGuid(1, 1), out _));
        }

        [Fact]
        public void Damage_is_detected()
        {
            (byte[] primary, _) = Write();
            primary[512 + 40] ^= 1;
            Assert.Equal(GptError.BadHeaderChecksum, GptReader.TryFind(primary.AsSpan(512), KilnFsLayout.PartitionType, out _));
            (primary, _) = Write();
            primary[1024 + 33] ^= 1;
            Assert.Equal(GptError.BadEntriesChecksum, GptReader.TryFind(primary.AsSpan(512), KilnFsLayout.PartitionType, out _));
        }

        [Fact]
        public void The_type_guid_is_stored_mixed_endian()
        {
            byte[] bytes = new byte[16];
            KilnFsLayout.PartitionType.Write(bytes);
            Assert.Equal(new byte[] { 0x3C, 0x4A, 0x7E, 0x8E, 0x5D, 0x1B, 0x0A, 0x4F, 0x9C, 0x1E, 0x4B, 0x49, 0x4C, 0x4E, 0x46, 0x53 }, bytes);
        }

        [Fact]
        public void Sfdisk_reads_it_as_a_valid_gpt()
        {
            // setup.sh installs util-linux's fdisk package; without it this test fails rather than passing unchecked.
            string? sfdisk = new[] { "/usr/sbin/sfdisk", "/sbin/sfdisk" }.FirstOrDefault(File.Exists);
            Assert.True(sfdisk != null, "sfdisk is not installed: run ./setup.sh (it installs the fdisk package)");

            (byte[] primary, byte[] backup) = Write();
            string path = Path.Combine(Path.GetTempPath(), $"kiln-gpt-{Environment.ProcessId}.img");
            try
            {
                using (FileStream disk = new FileStream(path, FileMode.Create))
                {
                    disk.SetLength((long)DiskSectors * 512);
                    disk.Write(primary);
                    disk.Seek((long)(DiskSectors - GptLayout.BackupSectors) * 512, SeekOrigin.Begin);
                    disk.Write(backup);
                }

                ProcessStartInfo start = new ProcessStartInfo(sfdisk!, $"--dump {path}") { RedirectStandardOutput = true, RedirectStandardError = true };
                using Process process = Process.Start(start)!;
                string output = process.StandardOutput.ReadToEnd();
                string errors = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, errors);
                Assert.Empty(errors.Trim());
                Assert.Contains("label: gpt", output);
                Assert.Contains("start=        2048", output);
                Assert.Contains("type=8E7E4A3C-1B5D-4F0A-9C1E-4B494C4E4653", output);
                Assert.Contains("name=\"root\"", output);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
