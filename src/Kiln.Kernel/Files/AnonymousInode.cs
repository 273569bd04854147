// What fstat reports for files that live on Linux's anonymous inode (eventfd, epoll, later timerfd and signalfd):
// one shared inode with mode 0600 and no file type, on the anon_inodefs device.
using Kiln.Linux;

namespace Kiln.Kernel.Files
{
    internal static unsafe class AnonymousInode
    {
        private const ulong Device = 0xD;
        private const ulong Inode = 1;

        public static void Stat(LinuxStat* stat)
        {
            stat->Dev = Device;
            stat->Ino = Inode;
            stat->Nlink = 1;
            stat->Mode = 0x180;
            stat->Blksize = 4096;
        }
    }
}
