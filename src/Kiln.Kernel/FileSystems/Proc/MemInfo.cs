// /proc/meminfo from the physical page allocator, in the format of Linux's meminfo_proc_show (fs/proc/meminfo.c):
// each value "%8lu kB" after a label padded to 16 columns. Kiln has no swap, no huge pages and no reclaimable
// caches yet, so MemAvailable is MemFree and those lines read 0.
using Kiln.Kernel.Memory;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static class MemInfo
    {
        public static void Write(ref ByteWriter text, long context)
        {
            ulong total = (ulong)PhysicalMemory.TotalPages * 4;
            ulong free = (ulong)PhysicalMemory.FreePages * 4;
            ulong anonymous = (ulong)UserAddressSpace.ResidentPages * 4;
            ulong kernelHeap = (ulong)KernelHeap.PagesHeld * 4;
            Line(ref text, "MemTotal:", total);
            Line(ref text, "MemFree:", free);
            Line(ref text, "MemAvailable:", free);
            Line(ref text, "Buffers:", 0);
            Line(ref text, "Cached:", 0);
            Line(ref text, "SwapCached:", 0);
            Line(ref text, "Active:", anonymous);
            Line(ref text, "Inactive:", 0);
            Line(ref text, "Active(anon):", anonymous);
            Line(ref text, "Inactive(anon):", 0);
            Line(ref text, "Active(file):", 0);
            Line(ref text, "Inactive(file):", 0);
            Line(ref text, "Unevictable:", 0);
            Line(ref text, "Mlocked:", 0);
            Line(ref text, "SwapTotal:", 0);
            Line(ref text, "SwapFree:", 0);
            Line(ref text, "Dirty:", 0);
            Line(ref text, "Writeback:", 0);
            Line(ref text, "AnonPages:", anonymous);
            Line(ref text, "Mapped:", 0);
            Line(ref text, "Shmem:", 0);
            Line(ref text, "KReclaimable:", 0);
            Line(ref text, "Slab:", kernelHeap);
            Line(ref text, "SReclaimable:", 0);
            Line(ref text, "SUnreclaim:", kernelHeap);
            Line(ref text, "KernelStack:", 0);
            Line(ref text, "PageTables:", 0);
            Line(ref text, "NFS_Unstable:", 0);
            Line(ref text, "Bounce:", 0);
            Line(ref text, "WritebackTmp:", 0);
            Line(ref text, "CommitLimit:", total);
            Line(ref text, "Committed_AS:", anonymous);
            Line(ref text, "VmallocTotal:", 34359738367);
            Line(ref text, "VmallocUsed:", 0);
            Line(ref text, "VmallocChunk:", 0);
            Line(ref text, "Percpu:", 0);
            Line(ref text, "AnonHugePages:", 0);
            text.Append("HugePages_Total:       0\nHugePages_Free:        0\nHugePages_Rsvd:        0\nHugePages_Surp:        0\n");
            Line(ref text, "Hugepagesize:", 2048);
            Line(ref text, "Hugetlb:", 0);
            Line(ref text, "DirectMap4k:", 0);
            Line(ref text, "DirectMap2M:", total);
        }

        // show_val_kb: the label (with its colon) padded to 16 columns, the value right-aligned in 8.
        private static void Line(ref ByteWriter text, string label, ulong kilobytes)
        {
            text.LeftAligned(label, 16);
            text.Decimal(kilobytes, 8, (byte)' ');
            text.Append(" kB\n");
        }
    }
}
