// The mount tree: the root file system's root directory, and file systems mounted on directories. A mount joins a
// directory to another file system's root (Inode.MountedHere one way, FileSystem.MountPoint the other); path walks
// cross into the mounted root and ".." at that root goes to the mount point's parent. Mounts are made at boot and
// never undone.
using System;
using Kiln.Kernel.Diagnostics;
using Kiln.Linux;

namespace Kiln.Kernel.Vfs
{
    internal static class VfsRoot
    {
        /// <summary>The root directory of the whole tree ("/").</summary>
        public static Inode Root;

        /// <summary>Makes <paramref name="fileSystem"/> the root file system.</summary>
        public static void SetRoot(FileSystem fileSystem)
        {
            Root = fileSystem.Root;
            Root.Hold();
        }

        /// <summary>Mounts <paramref name="fileSystem"/> on <paramref name="directory"/> (on top of what is mounted there already).</summary>
        public static void Mount(Inode directory, FileSystem fileSystem)
        {
            while (directory.MountedHere != null)
            {
                directory = directory.MountedHere;
            }

            directory.Hold();
            fileSystem.Root.Hold();
            fileSystem.MountPoint = directory;
            directory.MountedHere = fileSystem.Root;
        }

        /// <summary>
        /// Mounts <paramref name="fileSystem"/> at <paramref name="absolutePath"/>, making the directories that are
        /// missing on the way (mode 0755) in the file systems they belong to. Boot-time only: a failure is a panic.
        /// </summary>
        public static void MountAt(ReadOnlySpan<byte> absolutePath, FileSystem fileSystem)
        {
            Inode directory = Root;
            directory.Hold();
            int position = 0;
            while (true)
            {
                while (position < absolutePath.Length && absolutePath[position] == (byte)'/')
                {
                    position++;
                }

                if (position == absolutePath.Length)
                {
                    break;
                }

                int start = position;
                while (position < absolutePath.Length && absolutePath[position] != (byte)'/')
                {
                    position++;
                }

                ReadOnlySpan<byte> name = absolutePath.Slice(start, position - start);
                int result = directory.Lookup(name, out Inode child);
                if (result == (int)-Errno.ENOENT)
                {
                    result = directory.MakeDirectory(name, Inode.S_IFDIR | 0x1ED, out child);
                }

                if (result < 0 || !child.IsDirectory)
                {
                    Panic.Stop("cannot make a directory to mount a file system on");
                }

                directory.Drop();
                directory = child;
                while (directory.MountedHere != null)
                {
                    Inode mounted = directory.MountedHere;
                    mounted.Hold();
                    directory.Drop();
                    directory = mounted;
                }
            }

            Mount(directory, fileSystem);
            directory.Drop();
        }
    }
}
