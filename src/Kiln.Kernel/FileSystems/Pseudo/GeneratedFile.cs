// A pseudo file whose contents are written by its entry's Content function when it is opened (/proc/cpuinfo,
// /proc/self/status, /sys/devices/system/cpu/online ...). Like Linux's proc files it reports size 0; the open file
// holds a snapshot, so reads at any offset agree with each other.
using Kiln.Kernel.Files;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Pseudo
{
    internal sealed unsafe class GeneratedFile : PseudoInode
    {
        public static Inode Make(PseudoDirectory parent, PseudoEntry entry, long context)
        {
            GeneratedFile file = new GeneratedFile();
            file.Initialize(parent, entry, context, entry.Mode, entry.InodeNumber(context));
            return file;
        }

        public override OpenFile Open(int flags, out int error)
        {
            int access = flags & OpenFlags.O_ACCMODE;
            if (access != OpenFlags.O_RDONLY && Entry.Write == null)
            {
                error = (int)-Errno.EACCES;
                return null;
            }

            return SnapshotFile.Open(this, flags, out error);
        }
    }
}
