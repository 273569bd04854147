// /proc: the tables of names its directories list and the functions that write each file. The root has the
// system-wide files and one directory per process (pid 1, the program); /proc/<pid> and /proc/<pid>/task/<tid> share
// the per-thread table, the process directory adds task/. Contents are made when a file is opened.
using Kiln.Kernel.FileSystems.Pseudo;
using Kiln.Kernel.Time;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static unsafe class ProcFileSystem
    {
        /// <summary>The entries of /proc/<pid>/ (the process).</summary>
        public static PseudoEntry[] ProcessEntries;

        /// <summary>The entries of /proc/<pid>/task/<tid>/ (one thread).</summary>
        public static PseudoEntry[] ThreadEntries;

        /// <summary>When the program started, in monotonic nanoseconds since boot (stat's starttime).</summary>
        public static ulong ProcessStartNs;

        public static PseudoFileSystem Create()
        {
            ProcessStartNs = Clock.MonotonicNs();
            ThreadEntries = PerThreadEntries(withTasks: false);
            ProcessEntries = PerThreadEntries(withTasks: true);

            PseudoEntry[] kernel =
            {
                PseudoEntry.File("hostname", &KernelInfo.WriteHostname),
                PseudoEntry.File("osrelease", &KernelInfo.WriteOsRelease),
                PseudoEntry.File("ostype", &KernelInfo.WriteOsType),
                PseudoEntry.File("pid_max", &KernelInfo.WritePidMax),
                PseudoEntry.Directory("random", new[]
                {
                    PseudoEntry.File("boot_id", &KernelInfo.WriteBootId),
                    PseudoEntry.File("uuid", &KernelInfo.WriteUuid),
                }),
            };

            PseudoEntry[] sys =
            {
                PseudoEntry.Directory("kernel", kernel),
                PseudoEntry.Directory("net", new[]
                {
                    PseudoEntry.Directory("core", new[] { PseudoEntry.File("somaxconn", &KernelInfo.WriteSomaxconn) }),
                }),
                PseudoEntry.Directory("vm", new[] { PseudoEntry.File("overcommit_memory", &KernelInfo.WriteOvercommitMemory) }),
            };

            PseudoEntry[] root =
            {
                PseudoEntry.File("cpuinfo", &CpuInfo.Write),
                PseudoEntry.File("filesystems", &KernelInfo.WriteFileSystems),
                PseudoEntry.File("loadavg", &KernelStat.WriteLoadAverage),
                PseudoEntry.File("meminfo", &MemInfo.Write),
                PseudoEntry.Symlink("mounts", &MountsTarget),
                PseudoEntry.Symlink("self", &ProcessFiles.WriteSelf),
                PseudoEntry.File("stat", &KernelStat.WriteStat),
                PseudoEntry.Directory("sys", sys),
                PseudoEntry.Symlink("thread-self", &ProcessFiles.WriteThreadSelf),
                PseudoEntry.File("uptime", &KernelStat.WriteUptime),
                PseudoEntry.File("version", &KernelInfo.WriteVersion),
            };

            return new PseudoFileSystem(LinuxStatFs.PROC_SUPER_MAGIC, "/proc", new ProcRoot(root));
        }

        public static ulong ProcessDirectoryInode(long pid) => ((ulong)pid << 16) + 0xFFFF;

        public static ulong ThreadDirectoryInode(long tid) => ((ulong)tid << 16) + 0xFFFE;

        private static PseudoEntry[] PerThreadEntries(bool withTasks)
        {
            PseudoEntry[] entries =
            {
                PseudoEntry.File("auxv", &ProcessStartup.WriteAuxiliaryVector),
                PseudoEntry.File("cgroup", &ProcessFiles.WriteCgroup),
                PseudoEntry.File("cmdline", &ProcessStartup.WriteCommandLine),
                PseudoEntry.WritableFile("comm", &ProcessFiles.WriteCommand, &ProcessFiles.SetCommand),
                PseudoEntry.File("environ", &ProcessStartup.WriteEnvironment),
                PseudoEntry.Symlink("exe", &ProcessFiles.WriteExecutable),
                PseudoEntry.Special("fd", Inode.S_IFDIR | 0x140, &DescriptorDirectory.MakeLinks),
                PseudoEntry.Special("fdinfo", Inode.S_IFDIR | 0x16D, &DescriptorDirectory.MakeInfo),
                PseudoEntry.File("limits", &ProcessFiles.WriteLimits),
                PseudoEntry.File("maps", &ProcessMaps.Write),
                PseudoEntry.File("mounts", &ProcessMounts.Write),
                PseudoEntry.Symlink("root", &ProcessFiles.WriteRoot),
                PseudoEntry.File("stat", &ProcessStat.Write),
                PseudoEntry.File("statm", &ProcessStat.WriteStatm),
                PseudoEntry.File("status", &ProcessStatus.Write),
                PseudoEntry.Special("task", Inode.S_IFDIR | 0x16D, &TaskDirectory.Make),
            };

            if (withTasks)
            {
                return entries;
            }

            PseudoEntry[] withoutTasks = new PseudoEntry[entries.Length - 1];
            for (int i = 0; i < withoutTasks.Length; i++)
            {
                withoutTasks[i] = entries[i];
            }

            return withoutTasks;
        }

        private static void MountsTarget(ref Kiln.Text.ByteWriter text, long context) => text.Append("self/mounts");
    }
}
