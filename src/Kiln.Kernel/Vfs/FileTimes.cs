// The clock inode times are stamped from: CLOCK_REALTIME in nanoseconds, as st_atime/st_mtime/st_ctime report it.
using Kiln.Kernel.Time;

namespace Kiln.Kernel.Vfs
{
    internal static class FileTimes
    {
        public static long Now => (long)Clock.RealtimeNs();

        /// <summary>A new inode: all three times are now.</summary>
        public static void Stamp(Inode inode)
        {
            long now = Now;
            inode.AccessTime = now;
            inode.ModifyTime = now;
            inode.ChangeTime = now;
        }

        /// <summary>The contents changed: mtime and ctime move to now.</summary>
        public static void Modified(Inode inode)
        {
            long now = Now;
            inode.ModifyTime = now;
            inode.ChangeTime = now;
        }

        /// <summary>Only the attributes changed (chmod, link count): ctime moves to now.</summary>
        public static void Changed(Inode inode) => inode.ChangeTime = Now;
    }
}
