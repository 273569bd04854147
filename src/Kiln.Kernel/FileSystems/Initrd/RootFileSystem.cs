// Boot-time assembly of the file tree: a tmpfs root filled from the initrd, a fresh tmpfs on /tmp, and the process
// placed at the root.
using System;
using Kiln.Kernel.FileSystems.Tmpfs;
using Kiln.Kernel.Process;
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.FileSystems.Initrd
{
    internal static class RootFileSystem
    {
        /// <summary>Builds "/" from <paramref name="initrd"/> and mounts /tmp: false (after saying why) when the initrd is unreadable.</summary>
        public static bool Build(ReadOnlySpan<byte> initrd)
        {
            TmpfsFileSystem root = TmpfsFileSystem.Create(0x1ED);
            VfsRoot.SetRoot(root);
            if (!InitrdRoot.Populate(initrd, (TmpfsDirectory)root.Root))
            {
                return false;
            }

            // /tmp: mode 1777, like every Linux system's.
            VfsRoot.MountAt("/tmp"u8, TmpfsFileSystem.Create(0x3FF));
            VfsRoot.Root.Hold();
            UserProcess.EnterFileTree(VfsRoot.Root, VfsRoot.Root);
            return true;
        }
    }
}
