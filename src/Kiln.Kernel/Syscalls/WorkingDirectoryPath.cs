// getcwd's text: the absolute path of the working directory (Vfs.InodePath walks up from it to the process root).
using Kiln.Kernel.Process;
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class WorkingDirectoryPath
    {
        /// <summary>Writes the absolute path of the working directory (no NUL): its length, or -ENOENT / -ENAMETOOLONG.</summary>
        public static int Build(byte* path, int capacity)
        {
            Inode root = UserProcess.RootDirectory ?? VfsRoot.Root;
            return InodePath.OfDirectory(UserProcess.WorkingDirectory ?? root, path, capacity);
        }
    }
}
