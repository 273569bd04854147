// Kiln-only behaviour: the disk drivers and the block layer, booted for real. The kernel runs kiln.selftest=block
// (Diagnostics/BlockSelfTest.cs) against disk images this test fills with seeded random bytes, attached through
// virtio-blk (modern and legacy transports) and virtio-scsi. The kernel prints CRC-32s of sectors it read, which must
// match the host's; then writes a pattern with many requests in flight, by chunked synchronous writes and through
// the block cache's write-back (after read pressure that must evict only clean blocks), flushes and powers off. Every byte of the image must then be the pattern where the
// kernel wrote and the original bytes everywhere else.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Kiln.Host;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class BlockDeviceTests : IDisposable
{
    private const int DiskBytes = 8 * 1024 * 1024;
    private const int Sector = 512;

    /// <summary>The sector ranges the kernel writes: [start, count, xor] (BlockSelfTest's constants).</summary>
    private static readonly (int Start, int Count, byte Xor)[] s_written =
    {
        (2048, 768, 0),     // 96 one-page requests in flight, more than the queue holds at once
        (4096, 300, 0),     // one synchronous write split into requests
        (8192, 64, 0x5A),   // 8 blocks through the cache's write-back
    };

    /// <summary>The ranges whose CRC-32 the kernel prints: [start, count] in sectors.</summary>
    private static readonly (int Start, int Count)[] s_read = { (0, 64), (1000, 17), (5000, 256) };

    private const int CacheReadBlock = 1500;

    private readonly string _directory = Directory.CreateTempSubdirectory("kiln-block-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Virtio_blk_modern_reads_writes_in_flight_writes_back_and_flushes()
    {
        await AssertSelfTestAsync(new[] { DiskBus.VirtioBlk }, readOnly: false, "virtio-blk (modern)");
    }

    [Fact]
    public async Task Virtio_blk_legacy_transport_does_the_same()
    {
        await AssertSelfTestAsync(new[] { DiskBus.VirtioBlkLegacy }, readOnly: false, "virtio-blk (legacy)");
    }

    [Fact]
    public async Task Virtio_scsi_disks_on_two_targets_do_the_same()
    {
        await AssertSelfTestAsync(new[] { DiskBus.VirtioScsi, DiskBus.VirtioScsi }, readOnly: false, "virtio-scsi (modern)");
    }

    [Fact]
    public async Task A_read_only_disk_is_read_and_refuses_writes()
    {
        await AssertSelfTestAsync(new[] { DiskBus.VirtioBlk, DiskBus.VirtioScsi }, readOnly: true, null);
    }

    private async Task AssertSelfTestAsync(DiskBus[] buses, bool readOnly, string? model)
    {
        KilnRunner.AssertPrerequisites();
        if (!KilnRunner.IsKiln)
        {
            // A substitute runner (a Linux guest) has no Kiln kernel to self-test.
            return;
        }

        var disks = new List<QemuDisk>();
        var originals = new List<byte[]>();
        for (int i = 0; i < buses.Length; i++)
        {
            byte[] image = new byte[DiskBytes];
            new Random(4242 + i).NextBytes(image);
            string path = Path.Combine(_directory, $"disk{i}.img");
            await File.WriteAllBytesAsync(path, image);
            disks.Add(new QemuDisk(path, readOnly, buses[i]));
            originals.Add(image);
        }

        ProcessResult result = await BootAsync(disks);
        string log = result.Stderr.Replace("\r", "");
        string why = result.Describe();
        Assert.False(result.TimedOut, why);
        Assert.Contains("selftest: done", log);
        Assert.Equal(1, result.ExitCode);   // isa-debug-exit's (0 << 1) | 1: the self-test passed
        Assert.Contains($"selftest: disks {buses.Length}\n", log);
        Assert.Contains("selftest: interrupts yes", log);

        for (int i = 0; i < buses.Length; i++)
        {
            string disk = $"selftest: disk {i}: ";
            byte[] original = originals[i];
            if (model != null)
            {
                Assert.Contains($"{disk}{model} sectors {DiskBytes / Sector} {(readOnly ? "read-only" : "writable")}\n", log);
            }
            else
            {
                Assert.Matches($"{disk}virtio-[a-z]+ \\([a-z]+\\) sectors {DiskBytes / Sector} read-only\n", log);
            }

            foreach ((int start, int count) in s_read)
            {
                uint crc = Crc32(original.AsSpan(start * Sector, count * Sector));
                Assert.Contains($"{disk}crc {start}+{count} 0x{crc:x8}\n", log);
            }

            Assert.Contains($"{disk}read past the end -22\n", log);
            uint cached = Crc32(original.AsSpan(CacheReadBlock * 4096, 4096));
            Assert.Contains($"{disk}cache crc block {CacheReadBlock} 0x{cached:x8}\n", log);
            byte[] now = await File.ReadAllBytesAsync(disks[i].Path);
            if (readOnly)
            {
                Assert.Contains($"{disk}write to read-only -30\n", log);
                Assert.True(original.AsSpan().SequenceEqual(now), $"disk {i}: a read-only image changed");
                continue;
            }

            Assert.Contains($"{disk}several in flight\n", log);
            Assert.Contains($"{disk}submit waited for a full queue\n", log);
            Assert.Contains($"{disk}cache dirty under pressure 8\n", log);
            Assert.Contains($"{disk}cache write-back 0\n", log);
            Assert.Contains($"{disk}flush 0\n", log);
            AssertImage(i, original, now);
        }
    }

    // The kernel's pattern where it wrote, the original bytes everywhere else.
    private static void AssertImage(int disk, byte[] original, byte[] now)
    {
        byte[] expected = (byte[])original.Clone();
        foreach ((int start, int count, byte xor) in s_written)
        {
            for (long offset = (long)start * Sector; offset < (long)(start + count) * Sector; offset++)
            {
                expected[offset] = (byte)((((offset >> 9) * 31) + ((offset & 511) * 7) + 1) ^ xor);
            }
        }

        Assert.Equal(expected.Length, now.Length);
        int first = Enumerable.Range(0, expected.Length).FirstOrDefault(i => expected[i] != now[i], -1);
        Assert.True(first < 0, $"disk {disk}: byte {first} (sector {first / Sector}) is {(first < 0 ? 0 : now[first])}, expected {(first < 0 ? 0 : expected[first])}");
    }

    private async Task<ProcessResult> BootAsync(IReadOnlyList<QemuDisk> disks)
    {
        string kernel = Environment.GetEnvironmentVariable("KILN_KERNEL") is { Length: > 0 } chosen ? chosen : RepoPaths.KernelElf;

        // The self-test powers off before the kernel looks for its root disk.
        var options = new QemuOptions("qemu-system-x86_64", Accelerator.Tcg, 256, QemuCommandLine.DefaultBiosPath, kernel, disks);
        // A later -append wins over one Build may have taken from KILN_KERNEL_CMDLINE.
        var args = new List<string>(QemuCommandLine.Build(options)) { "-append", "kiln.selftest=block" };
        await KilnRunner.s_vmSlots.WaitAsync();
        try
        {
            return await ProcessRunner.RunAsync(
                "qemu-system-x86_64",
                args,
                new Dictionary<string, string>(),
                replaceEnv: false,
                stdin: "",
                KilnRunner.Timeout,
                RepoPaths.Root);
        }
        finally
        {
            KilnRunner.s_vmSlots.Release();
        }
    }

    // The host's own CRC-32 (zlib's), independent of the kernel's.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
