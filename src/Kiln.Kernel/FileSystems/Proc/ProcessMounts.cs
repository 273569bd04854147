// /proc/<pid>/mounts (and /proc/mounts): one line per mounted file system, "device mountpoint type options 0 0", as
// Linux's show_vfsmnt prints them.
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static class ProcessMounts
    {
        public static void Write(ref ByteWriter text, long context)
        {
            // FIXME: read the VFS's mount table once it has one; these are the mounts the kernel makes at boot.
            text.Append("rootfs / rootfs rw 0 0\n");
            text.Append("devtmpfs /dev devtmpfs rw,nosuid,relatime,mode=755 0 0\n");
            text.Append("proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n");
            text.Append("sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n");
        }
    }
}
