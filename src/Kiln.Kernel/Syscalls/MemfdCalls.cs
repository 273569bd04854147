// memfd_create: an anonymous file, a tmpfs regular file with no name in any directory, freed with its last
// descriptor. MFD_CLOEXEC and MFD_ALLOW_SEALING are accepted (seals themselves are not implemented: F_ADD_SEALS is
// EINVAL); MFD_HUGETLB and unknown flags are EINVAL.
using Kiln.Kernel.FileSystems.Tmpfs;
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class MemfdCalls
    {
        private const uint MFD_CLOEXEC = 1;
        private const uint MFD_ALLOW_SEALING = 2;
        private const int NameMax = 249;

        private static TmpfsFileSystem s_memfds;

        public static long MemfdCreate(ref SyscallArguments a)
        {
            uint flags = (uint)a.A1;
            if ((flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING)) != 0)
            {
                return -Errno.EINVAL;
            }

            byte* name = stackalloc byte[NameMax + 1];
            int length = UserMemory.CopyStringFromUser(name, a.A0, NameMax + 1);
            if (length == -1)
            {
                return -Errno.EFAULT;
            }

            if (length == -2)
            {
                return -Errno.EINVAL;
            }

            s_memfds ??= TmpfsFileSystem.Create(0x1FF);
            TmpfsFile inode = new TmpfsFile(s_memfds, Inode.S_IFREG | 0x1FF);
            inode.LinkCount = 0;
            OpenFile file = InodeFile.Open(inode, OpenFlags.O_RDWR, out int error);
            if (file == null)
            {
                s_memfds.Evict(inode);
                return error;
            }

            int fd = FileTable.Current.Install(file, 0, (flags & MFD_CLOEXEC) != 0, InfoCalls.OpenFileLimit);
            if (fd < 0)
            {
                file.Drop();
            }

            return fd;
        }
    }
}
