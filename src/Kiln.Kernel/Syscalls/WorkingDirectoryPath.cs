// getcwd's text: the names from the working directory up to the process root, found by listing each parent and
// matching inode numbers (no file system needs a reverse name table), crossing mount points on the way.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class WorkingDirectoryPath
    {
        private const int ListingBuffer = 4096;

        /// <summary>Writes the absolute path of the working directory (no NUL): its length, or -ENOENT / -ENAMETOOLONG.</summary>
        public static int Build(byte* path, int capacity)
        {
            Inode root = UserProcess.RootDirectory ?? VfsRoot.Root;
            Inode directory = UserProcess.WorkingDirectory ?? root;
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
                if (directory.LinkCount == 0)
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
                int nameLength = FindName(parent, directory, listing, path, start);
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

        // Lists `parent` looking for `child`'s inode number; copies the name to just below `end`. Its length or -errno.
        private static int FindName(Inode parent, Inode child, byte* listing, byte* path, int end)
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
                    if (*(ulong*)record == child.Number && record[18] == DirectorySink.DT_DIR && !dots)
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
