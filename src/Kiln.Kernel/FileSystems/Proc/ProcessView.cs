// What /proc reads about the program, gathered in one place: the thread a /proc/<id> context names (for the
// process, pid 1, any live thread once the main one has exited, as Linux keeps a zombie leader's directory), and the
// sizes of its address space by kind, as Linux's mm counters (total_vm, data_vm, stack_vm, exec_vm) keep them.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Memory;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static class ProcessView
    {
        // The largest total size seen (VmPeak): Kiln's address space keeps no high-water mark of its own.
        private static ulong s_peakVirtual;

        public static Thread ThreadOf(long context)
        {
            Thread thread = ThreadRegistry.Find((int)context);
            if (thread == null && context == UserProcess.Pid)
            {
                thread = ThreadRegistry.Live;
            }

            return thread;
        }

        /// <summary>True when <paramref name="context"/> names the process (its directory) rather than one of its threads.</summary>
        public static bool IsProcess(long context) => context == UserProcess.Pid;

        public struct MemorySizes
        {
            public ulong Total;
            public ulong Peak;
            public ulong Data;
            public ulong Stack;
            public ulong Exec;
            public ulong StartCode;
            public ulong EndCode;
            public ulong StartData;
            public ulong EndData;
        }

        public static MemorySizes Measure()
        {
            MemorySizes sizes = default;
            RegionMap regions = UserAddressSpace.Regions;
            for (int i = 0; i < regions.Count; i++)
            {
                Region region = regions[i];
                sizes.Total += region.Length;
                bool write = (region.Protection & RegionProtection.Write) != 0;
                bool execute = (region.Protection & RegionProtection.Execute) != 0;
                if (region.Kind == RegionKind.Stack)
                {
                    sizes.Stack += region.Length;
                }
                else if (write)
                {
                    sizes.Data += region.Length;
                }
                else if (execute)
                {
                    sizes.Exec += region.Length;
                }

                if (region.Kind == RegionKind.Program)
                {
                    if (execute && !write)
                    {
                        sizes.StartCode = sizes.StartCode == 0 ? region.Start : sizes.StartCode;
                        sizes.EndCode = region.End;
                    }
                    else if (write)
                    {
                        sizes.StartData = sizes.StartData == 0 ? region.Start : sizes.StartData;
                        sizes.EndData = region.End;
                    }
                }
            }

            if (sizes.Total > s_peakVirtual)
            {
                s_peakVirtual = sizes.Total;
            }

            sizes.Peak = s_peakVirtual;
            return sizes;
        }

        /// <summary>The thread's name (comm): up to 15 bytes, NUL-terminated, in <paramref name="name"/> (16 bytes).</summary>
        public static unsafe void NameOf(Thread thread, byte* name)
        {
            *(ulong*)name = thread.Name0;
            *(ulong*)(name + 8) = thread.Name1;
            name[15] = 0;
        }
    }
}
