// `kiln.selftest=block`: exercises every disk the probe found and powers off, for BlockDeviceTests on the host. It
// prints "selftest:" lines on the kernel console: the capacity, CRC-32s of sectors the host filled with known bytes
// (read by polling, before any thread exists), then, from a kernel thread that blocks on completion interrupts, a
// pattern written by many requests in flight (more than the queue holds), by chunked synchronous writes and through the block cache's
// write-back, a flush, and the number of device interrupts taken. The host checks the CRCs and the disk file's bytes.
//
// The pattern the kernel writes at byte offset o of the disk: (byte)((o >> 9) * 31 + (o & 511) * 7 + 1), xor 0x5A
// for the blocks written through the cache.
using System;
using Kiln.Devices;
using Kiln.Kernel.Console;
using Kiln.Kernel.Devices;
using Kiln.Kernel.Devices.Virtio;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Storage;

namespace Kiln.Kernel.Diagnostics
{
    internal static unsafe class BlockSelfTest
    {
        /// <summary>Sectors the host filled and the kernel reads back as CRC-32s: [start, count] pairs.</summary>
        private static readonly int[] s_readRanges = { 0, 64, 1000, 17, 5000, 256 };

        // 96 one-page requests submitted before any wait: more descriptors (3 each) than a 256-entry queue holds, so
        // the submitter also has to wait for completions to free some.
        private const ulong AsyncStart = 2048;
        private const int AsyncRequests = 96;
        private const int AsyncSectors = 8;
        private const ulong SyncStart = 4096;       // one Write of 300 sectors, split into requests by the driver layer
        private const int SyncSectors = 300;
        private const ulong CacheFirstBlock = 1024; // 8 blocks (sectors 8192-8255) written through the cache
        private const int CacheBlocks = 8;
        private const ulong CacheReadBlock = 1500;  // a block the host filled, read through the cache
        private const byte CacheXor = 0x5A;
        private const ulong PressureBlocks = 64;    // blocks 0-63 read through a cache limited to 12 blocks
        private const ulong BufferPages = 100;      // 400 KiB: the largest transfer above, page aligned, plus room

        private static byte* s_buffer;
        private static int s_failures;

        public static void Run()
        {
            s_buffer = (byte*)Layout.ToVirtual(PhysicalMemory.AllocateContiguous(BufferPages));
            Line("disks ", BlockDevices.Count);
            for (int i = 0; i < BlockDevices.Count; i++)
            {
                ReadPhase(BlockDevices.Get(i));
            }

            // From here on the boot flow itself is a kernel thread: waits block and the idle thread halts for interrupts.
            Thread self = ThreadRegistry.CreateKernel();
            if (self == null)
            {
                Panic.Stop("selftest: no thread");
            }

            Scheduler.Start(self);
            for (int i = 0; i < BlockDevices.Count; i++)
            {
                WritePhase(BlockDevices.Get(i));
            }

            KernelLog.Write("selftest: interrupts ");
            KernelLog.WriteLine(VirtioInterrupts.Delivered > 0 ? "yes" : "no");
            KernelLog.WriteLine(s_failures == 0 ? "selftest: done" : "selftest: FAILED");
            DebugExit.PowerOff(s_failures == 0 ? 0u : 2u);
        }

        // Before the scheduler runs: requests complete by polling the used ring.
        private static void ReadPhase(BlockDevice disk)
        {
            Prefix(disk);
            KernelLog.Write(disk.Model);
            KernelLog.Write(" sectors ");
            KernelLog.WriteDecimal(disk.SectorCount);
            KernelLog.WriteLine(disk.ReadOnly ? " read-only" : " writable");
            for (int i = 0; i < s_readRanges.Length; i += 2)
            {
                int result = disk.Read((ulong)s_readRanges[i], s_buffer, s_readRanges[i + 1]);
                Prefix(disk);
                KernelLog.Write("crc ");
                KernelLog.WriteDecimal((long)s_readRanges[i]);
                KernelLog.Write("+");
                KernelLog.WriteDecimal((long)s_readRanges[i + 1]);
                KernelLog.Write(" ");
                if (result != 0)
                {
                    Fail("error ", result);
                    continue;
                }

                KernelLog.WriteHex(Kiln.Storage.Crc32.Compute(new ReadOnlySpan<byte>(s_buffer, s_readRanges[i + 1] * BlockDevice.SectorSize)), 8);
                KernelLog.WriteLine();
            }

            // Past the end is refused, not sent to the device.
            Check(disk, "read past the end ", disk.Read(disk.SectorCount, s_buffer, 1), (int)-Kiln.Linux.Errno.EINVAL);

            if (disk is VirtioBlock blk)
            {
                new Span<byte>(s_buffer, 32).Clear();
                int result = blk.GetId(s_buffer);
                Prefix(disk);
                KernelLog.Write("id ");
                if (result == 0)
                {
                    KernelLog.WriteCString(s_buffer, VirtioBlockRequest.IdLength);
                    KernelLog.WriteLine();
                }
                else
                {
                    Fail("error ", result);
                }
            }
        }

        // From a thread: writes with many requests in flight, chunked writes, the cache's write-back, a flush.
        private static void WritePhase(BlockDevice disk)
        {
            CacheRead(disk);
            if (disk.ReadOnly)
            {
                Check(disk, "write to read-only ", disk.Write(AsyncStart, s_buffer, 1), (int)-Kiln.Linux.Errno.EROFS);
                return;
            }

            FillPattern(s_buffer, AsyncStart, AsyncRequests * AsyncSectors, 0);
            BlockRequest** requests = stackalloc BlockRequest*[AsyncRequests];
            int submitted = 0;
            int inFlight = 0;
            for (int i = 0; i < AsyncRequests; i++)
            {
                requests[i] = BlockRequests.Rent();
                requests[i]->Operation = BlockOperation.Write;
                requests[i]->Sector = AsyncStart + (ulong)(i * AsyncSectors);
                requests[i]->Buffer = s_buffer + (i * AsyncSectors * BlockDevice.SectorSize);
                requests[i]->Sectors = AsyncSectors;
                submitted += disk.Submit(requests[i]) == 0 ? 1 : 0;

                // The most requests pending at once, counted after each submission: completions are taken only while
                // this thread sleeps in Submit, so counting once after the loop saw only the tail submitted after
                // the last sleep, which under host load could be a single request.
                int pending = 0;
                for (int j = 0; j <= i; j++)
                {
                    pending += requests[j]->Status == BlockRequest.Pending ? 1 : 0;
                }

                inFlight = pending > inFlight ? pending : inFlight;
            }

            int failed = 0;
            for (int i = 0; i < AsyncRequests; i++)
            {
                BlockRequests.Wait(disk, requests[i]);
                failed += requests[i]->Status != 0 ? 1 : 0;
                BlockRequests.Return(requests[i]);
            }

            Check(disk, "async writes submitted ", submitted, AsyncRequests);
            Check(disk, "async writes failed ", failed, 0);
            Prefix(disk);
            KernelLog.WriteLine(inFlight > 1 ? "several in flight" : "one at a time");

            // Completions are only taken while this thread sleeps, and it sleeps in Submit only when the queue is full.
            Prefix(disk);
            KernelLog.WriteLine(inFlight < AsyncRequests ? "submit waited for a full queue" : "queue never full");

            FillPattern(s_buffer, SyncStart, SyncSectors, 0);
            Check(disk, "sync write ", disk.Write(SyncStart, s_buffer, SyncSectors), 0);
            new Span<byte>(s_buffer, SyncSectors * BlockDevice.SectorSize).Clear();
            Check(disk, "sync read ", disk.Read(SyncStart, s_buffer, SyncSectors), 0);
            Check(disk, "sync read-back mismatches ", Mismatches(s_buffer, SyncStart, SyncSectors, 0), 0);

            CachePhase(disk);
            Check(disk, "flush ", disk.Flush(), 0);
        }

        // A block the host filled, read through the cache from a thread (so the read completes by interrupt).
        private static void CacheRead(BlockDevice disk)
        {
            byte* hostBlock = BlockCache.Get(disk, CacheReadBlock, out int error);
            Prefix(disk);
            KernelLog.Write("cache crc block ");
            KernelLog.WriteDecimal(CacheReadBlock);
            KernelLog.Write(" ");
            if (hostBlock == null)
            {
                Fail("error ", error);
                return;
            }

            KernelLog.WriteHex(Kiln.Storage.Crc32.Compute(new ReadOnlySpan<byte>(hostBlock, BlockCache.BlockSize)), 8);
            KernelLog.WriteLine();
            BlockCache.Release(hostBlock);
        }

        private static void CachePhase(BlockDevice disk)
        {
            int error;
            for (int i = 0; i < CacheBlocks; i++)
            {
                ulong block = CacheFirstBlock + (ulong)i;
                byte* data = BlockCache.Get(disk, block, out error);
                if (data == null)
                {
                    Fail("cache get error ", error);
                    return;
                }

                FillPattern(data, block * BlockCache.SectorsPerBlock, BlockCache.SectorsPerBlock, CacheXor);
                BlockCache.MarkDirty(data);
                BlockCache.Release(data);
            }

            Check(disk, "cache dirty ", BlockCache.DirtyCount, CacheBlocks);

            // Pressure: a small cache reading many other blocks must evict clean blocks only, never the dirty ones.
            int limit = BlockCache.Limit;
            BlockCache.Limit = CacheBlocks + 4;
            int pressureErrors = 0;
            for (ulong block = 0; block < PressureBlocks; block++)
            {
                byte* data = BlockCache.Get(disk, block, out error);
                if (data == null)
                {
                    pressureErrors++;
                    continue;
                }

                BlockCache.Release(data);
            }

            Check(disk, "cache pressure errors ", pressureErrors, 0);
            Check(disk, "cache over its limit ", BlockCache.Count > BlockCache.Limit ? BlockCache.Count : 0, 0);
            Check(disk, "cache dirty under pressure ", BlockCache.DirtyCount, CacheBlocks);
            BlockCache.Limit = limit;
            Check(disk, "cache write-back ", BlockCache.WriteBack(disk), 0);
            Check(disk, "cache dirty after write-back ", BlockCache.DirtyCount, 0);

            // Forget the cached copies and read them from the disk again.
            int mismatches = 0;
            for (int i = 0; i < CacheBlocks; i++)
            {
                ulong block = CacheFirstBlock + (ulong)i;
                BlockCache.Invalidate(disk, block);
                byte* data = BlockCache.Get(disk, block, out error);
                if (data == null)
                {
                    Fail("cache reread error ", error);
                    return;
                }

                mismatches += Mismatches(data, block * BlockCache.SectorsPerBlock, BlockCache.SectorsPerBlock, CacheXor);
                BlockCache.Release(data);
            }

            Check(disk, "cache reread mismatches ", mismatches, 0);
        }

        private static byte Pattern(ulong offset, byte xor) => (byte)((((offset >> 9) * 31) + ((offset & 511) * 7) + 1) ^ xor);

        private static void FillPattern(byte* buffer, ulong sector, int sectors, byte xor)
        {
            ulong start = sector * BlockDevice.SectorSize;
            for (int i = 0; i < sectors * BlockDevice.SectorSize; i++)
            {
                buffer[i] = Pattern(start + (ulong)i, xor);
            }
        }

        private static int Mismatches(byte* buffer, ulong sector, int sectors, byte xor)
        {
            ulong start = sector * BlockDevice.SectorSize;
            int wrong = 0;
            for (int i = 0; i < sectors * BlockDevice.SectorSize; i++)
            {
                wrong += buffer[i] != Pattern(start + (ulong)i, xor) ? 1 : 0;
            }

            return wrong;
        }

        private static void Check(BlockDevice disk, string what, int actual, int expected)
        {
            Prefix(disk);
            KernelLog.Write(what);
            KernelLog.WriteDecimal((long)actual);
            if (actual != expected)
            {
                KernelLog.Write(" (expected ");
                KernelLog.WriteDecimal((long)expected);
                KernelLog.Write(")");
                s_failures++;
            }

            KernelLog.WriteLine();
        }

        private static void Fail(string what, int value)
        {
            KernelLog.Write(what);
            KernelLog.WriteDecimal((long)value);
            KernelLog.WriteLine();
            s_failures++;
        }

        private static void Prefix(BlockDevice disk)
        {
            KernelLog.Write("selftest: disk ");
            KernelLog.WriteDecimal((long)disk.Index);
            KernelLog.Write(": ");
        }

        private static void Line(string what, int value)
        {
            KernelLog.Write("selftest: ");
            KernelLog.Write(what);
            KernelLog.WriteDecimal((long)value);
            KernelLog.WriteLine();
        }
    }
}
