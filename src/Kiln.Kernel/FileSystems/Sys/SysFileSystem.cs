// /sys with what runtimes read: the CPUs online, possible and present ("0": Kiln runs on one), cpu0's directory,
// and transparent huge pages (never: Kiln maps 4 KiB pages only). There is no /sys/fs/cgroup: Kiln has no cgroups,
// and runtimes that find none apply no container limits.
using Kiln.Kernel.FileSystems.Pseudo;
using Kiln.Linux;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Sys
{
    internal static unsafe class SysFileSystem
    {
        public static PseudoFileSystem Create()
        {
            PseudoEntry[] cpu =
            {
                PseudoEntry.Directory("cpu0", new[]
                {
                    PseudoEntry.Directory("topology", new[]
                    {
                        PseudoEntry.File("core_id", &Zero),
                        PseudoEntry.File("physical_package_id", &Zero),
                        PseudoEntry.File("core_siblings_list", &Zero),
                        PseudoEntry.File("thread_siblings_list", &Zero),
                    }),
                }),
                PseudoEntry.File("kernel_max", &Zero),
                PseudoEntry.File("offline", &Empty),
                PseudoEntry.File("online", &Zero),
                PseudoEntry.File("possible", &Zero),
                PseudoEntry.File("present", &Zero),
            };

            PseudoEntry[] root =
            {
                PseudoEntry.Directory("devices", new[]
                {
                    PseudoEntry.Directory("system", new[] { PseudoEntry.Directory("cpu", cpu) }),
                }),
                PseudoEntry.Directory("kernel", new[]
                {
                    PseudoEntry.Directory("mm", new[]
                    {
                        PseudoEntry.Directory("transparent_hugepage", new[]
                        {
                            PseudoEntry.File("enabled", &HugePagesNever),
                            PseudoEntry.File("defrag", &HugePagesDefragNever),
                        }),
                    }),
                }),
            };

            return new PseudoFileSystem(LinuxStatFs.SYSFS_MAGIC, "/sys", new TemplateDirectory(root));
        }

        private static void Zero(ref ByteWriter text, long context) => text.Append("0\n");

        private static void Empty(ref ByteWriter text, long context) => text.Append('\n');

        private static void HugePagesNever(ref ByteWriter text, long context) => text.Append("always madvise [never]\n");

        private static void HugePagesDefragNever(ref ByteWriter text, long context) =>
            text.Append("always defer defer+madvise madvise [never]\n");
    }
}
