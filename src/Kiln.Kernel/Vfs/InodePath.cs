// The absolute path of an inode, found by walking up: a directory through its Parent links to the process root
// (crossing mount points), each name found by listing the parent and matching inode numbers (no file system needs a
// reverse name table). getcwd and the links in /proc/<pid>/fd use it.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Linux;

namespace Kiln.Kernel.Vfs
{
    internal static unsafe class InodePath
    {
        private const int ListingBuffer = 4096;

        /// <summary>
        /// Writes the absolute path of <paramref name="directory"/> (no NUL) into <paramref name="path"/>: its length,
        /// or -ENOENT (removed, or not below the process root) / -ENAMETOOLONG / -ENOMEM.
        /// </summary>
        public static int OfDirectory(Inode directory, byte* path, int capacity)
        {
            Inode root = UserProcess.RootDirectory ?? VfsRoot.Root;
            byte* listing = (byte*)KernelHeap.TryAllocate(ListingBuffer);
            if (listing == null)
            {
                return (int)-Errno.ENOMEM;
            }

            // Built from the end of the buffer towards its start, then moved down.
            int start = capacity;
            int result = 0;
            while (directory != root)
            {
                if (directory.IsRemoved)
                {
                    result = (int)-Errno.ENOENT;
                    break;
                }

                while (directory.FileSystem.Root == directory && directory.FileSystem.MountPoint != null)
                {
                    directory = directory.FileSystem.MountPoint;
                }

                if (directory == root)
                {
                    break;
                }

                Inode parent = directory.Parent;
                if (parent == null || parent == directory)
                {
                    // The root of a file system mounted nowhere below the process root.
                    result = (int)-Errno.ENOENT;
                    break;
                }

                int nameLength = FindName(parent, directory, true, listing, path, start);
                if (nameLength < 0)
                {
                    result = nameLength;
                    break;
                }

                start -= nameLength;
                if (start < 1)
                {
                    result = (int)-Errno.ENAMETOOLONG;
                    break;
                }

                path[--start] = (byte)'/';
                directory = parent;
            }

            KernelHeap.Free(listing, ListingBuffer);
            if (result < 0)
            {
                return result;
            }

            if (start == capacity)
            {
                path[0] = (byte)'/';
                return 1;
            }

            int length = capacity - start;
            for (int i = 0; i < length; i++)
            {
                path[i] = path[start + i];
            }

            return length;
        }

        /// <summary>
        /// Finds a name of the non-directory <paramref name="child"/> in <paramref name="parent"/> by listing it and
        /// copies it to <paramref name="name"/>: its length, or -ENOENT when the directory has no name for it.
        /// </summary>
        public static int FindFileName(Inode parent, Inode child, byte* name, int capacity)
        {
            byte* listing = (byte*)KernelHeap.TryAllocate(ListingBuffer);
            if (listing == null)
            {
                return (int)-Errno.ENOMEM;
            }

            int length = FindName(parent, child, false, listing, name, capacity);
            KernelHeap.Free(listing, ListingBuffer);
            if (length > 0)
            {
                // FindName puts the name just below `capacity`; move it to the start.
                for (int i = 0; i < length; i++)
                {
                    name[i] = name[capacity - length + i];
                }
            }

            return length;
        }

        // Lists `parent` looking for `child`'s inode number (a directory entry when `directory`, else any other kind);
        // copies the name to just below `end`. Its length or -errno.
        private static int FindName(Inode parent, Inode child, bool directory, byte* listing, byte* path, int end)
        {
            long position = 0;
            while (true)
            {
                DirectorySink sink = new DirectorySink(listing, ListingBuffer);
                int error = parent.ReadDirectory(ref position, ref sink);
                if (error < 0)
                {
                    return error;
                }

                if (sink.Count == 0)
                {
                    return (int)-Errno.ENOENT;
                }

                int offset = 0;
                while (offset < sink.Used)
                {
                    byte* record = listing + offset;
                    ushort length = *(ushort*)(record + 16);
                    bool dots = record[19] == (byte)'.' && (record[20] == 0 || (record[20] == (byte)'.' && record[21] == 0));
                    bool isDirectory = record[18] == DirectorySink.DT_DIR;
                    if (*(ulong*)record == child.Number && isDirectory == directory && !dots)
                    {
                        byte* name = record + 19;
                        int nameLength = 0;
                        while (name[nameLength] != 0)
                        {
                            nameLength++;
                        }

                        if (nameLength + 1 > end)
                        {
                            return (int)-Errno.ENAMETOOLONG;
                        }

                        for (int i = 0; i < nameLength; i++)
                        {
                            path[end - nameLength + i] = name[i];
                        }

                        return nameLength;
                    }

                    offset += length;
                }
            }
        }
    }
}
