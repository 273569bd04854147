// A tmpfs FIFO, socket or device node made by mknod: it has a name and attributes, but opening it is not supported
// yet (FIFOs would need a pipe shared by every opener; device numbers have no drivers behind them here).
using Kiln.Kernel.Files;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Tmpfs
{
    internal sealed class TmpfsNode : Inode
    {
        public TmpfsNode(TmpfsFileSystem fileSystem, uint mode, ulong deviceNumber)
        {
            Initialize(fileSystem, fileSystem.NewInodeNumber(), mode);
            FileTimes.Stamp(this);
            LinkCount = 1;
            DeviceNumber = deviceNumber;
        }

        public override OpenFile Open(int flags, out int error)
        {
            // FIXME: FIFOs need a pipe per inode, and device nodes a driver table, before they can be opened.
            error = Type == S_IFIFO ? (int)-Errno.EOPNOTSUPP : (int)-Errno.ENXIO;
            return null;
        }
    }
}
