// The process's place in the file tree: its root directory, its working directory (both held), and its umask.
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.Process
{
    internal static partial class UserProcess
    {
        /// <summary>The directory absolute paths start from ("/" unless chroot moves it).</summary>
        public static Inode RootDirectory;

        /// <summary>The directory relative paths start from (chdir, fchdir).</summary>
        public static Inode WorkingDirectory;

        /// <summary>Permission bits taken away from files and directories the program creates (umask; 022 at start).</summary>
        public static uint Umask = 0x12;

        /// <summary>Starts the process at the root of the tree, working in <paramref name="workingDirectory"/> (held by the caller, taken over).</summary>
        public static void EnterFileTree(Inode root, Inode workingDirectory)
        {
            root.Hold();
            RootDirectory = root;
            WorkingDirectory = workingDirectory;
        }
    }
}
