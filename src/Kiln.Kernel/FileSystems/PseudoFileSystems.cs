// Mounts the pseudo file systems on the root at boot: /dev, /proc and /sys, as a Linux init mounts them before
// anything runs.
using Kiln.Kernel.FileSystems.Dev;
using Kiln.Kernel.FileSystems.Proc;
using Kiln.Kernel.FileSystems.Sys;
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.FileSystems
{
    internal static class PseudoFileSystems
    {
        public static void Mount()
        {
            VfsRoot.MountAt("/dev"u8, DevFileSystem.Create());
            VfsRoot.MountAt("/proc"u8, ProcFileSystem.Create());
            VfsRoot.MountAt("/sys"u8, SysFileSystem.Create());
        }
    }
}
