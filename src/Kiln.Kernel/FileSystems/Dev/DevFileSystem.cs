// /dev: the memory devices (null, zero, full, random, urandom), the terminal (console, tty), the standard-stream
// links into /proc/self/fd, and fd itself. Mounted at boot; Linux's devtmpfs shows the same names and numbers.
using Kiln.Kernel.FileSystems.Pseudo;
using Kiln.Linux;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Dev
{
    internal static unsafe class DevFileSystem
    {
        public static PseudoFileSystem Create()
        {
            PseudoEntry[] entries =
            {
                PseudoEntry.Device("console", 0x180, DeviceNode.TtyMajor, DeviceNode.ConsoleMinor, &DeviceNode.Make),
                PseudoEntry.Symlink("fd", &FdTarget),
                PseudoEntry.Device("full", 0x1B6, DeviceNode.MemoryMajor, DeviceNode.FullMinor, &DeviceNode.Make),
                PseudoEntry.Device("null", 0x1B6, DeviceNode.MemoryMajor, DeviceNode.NullMinor, &DeviceNode.Make),
                PseudoEntry.Device("random", 0x1B6, DeviceNode.MemoryMajor, DeviceNode.RandomMinor, &DeviceNode.Make),
                PseudoEntry.Symlink("stderr", &StderrTarget),
                PseudoEntry.Symlink("stdin", &StdinTarget),
                PseudoEntry.Symlink("stdout", &StdoutTarget),
                PseudoEntry.Device("tty", 0x1B6, DeviceNode.TtyMajor, DeviceNode.TtyMinor, &DeviceNode.Make),
                PseudoEntry.Device("urandom", 0x1B6, DeviceNode.MemoryMajor, DeviceNode.URandomMinor, &DeviceNode.Make),
                PseudoEntry.Device("zero", 0x1B6, DeviceNode.MemoryMajor, DeviceNode.ZeroMinor, &DeviceNode.Make),
            };

            PseudoFileSystem fileSystem = new PseudoFileSystem(LinuxStatFs.DEVTMPFS_MAGIC, "/dev", new TemplateDirectory(entries));
            fileSystem.ReportsSymlinkSize = true;
            return fileSystem;
        }

        private static void FdTarget(ref ByteWriter text, long context) => text.Append("/proc/self/fd");

        private static void StdinTarget(ref ByteWriter text, long context) => text.Append("/proc/self/fd/0");

        private static void StdoutTarget(ref ByteWriter text, long context) => text.Append("/proc/self/fd/1");

        private static void StderrTarget(ref ByteWriter text, long context) => text.Append("/proc/self/fd/2");
    }
}
