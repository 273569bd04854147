// The root file system at boot: a tmpfs filled from the cpio initrd. Every entry becomes a directory, regular file or
// symlink with its mode and modification time; directories missing from the archive are made (0755) on the way.
// File data is not copied: each file reads its pages from the initrd's memory the first time they are touched.
using System;
using Kiln.Cpio;
using Kiln.Kernel.Console;
using Kiln.Kernel.FileSystems.Tmpfs;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.FileSystems.Initrd
{
    internal static unsafe class InitrdRoot
    {
        private const uint DefaultDirectoryMode = Inode.S_IFDIR | 0x1ED;

        /// <summary>Builds the tree of <paramref name="initrd"/> under <paramref name="root"/>: false (after saying why) on a malformed archive.</summary>
        public static bool Populate(ReadOnlySpan<byte> initrd, TmpfsDirectory root)
        {
            CpioReader reader = new CpioReader(initrd);
            while (reader.MoveNext(out CpioEntry entry))
            {
                ReadOnlySpan<byte> name = Trim(entry.Name);
                if (name.IsEmpty)
                {
                    continue;
                }

                int slash = name.Length - 1;
                while (slash >= 0 && name[slash] != (byte)'/')
                {
                    slash--;
                }

                Inode parent = Directory(root, slash < 0 ? ReadOnlySpan<byte>.Empty : name.Slice(0, slash));
                if (parent == null)
                {
                    Complain("a path in the initrd goes through a file: ", name);
                    continue;
                }

                Add(parent, name.Slice(slash + 1), ref entry);
                parent.Drop();
            }

            if (reader.Error != CpioError.None)
            {
                KernelLog.WriteLine("kiln: error: the initrd is not a valid cpio archive");
                return false;
            }

            return true;
        }

        private static void Add(Inode parent, ReadOnlySpan<byte> name, ref CpioEntry entry)
        {
            uint type = entry.Mode & Inode.S_IFMT;
            uint permissions = entry.Mode & 0xFFF;
            long time = (long)entry.ModificationTime * 1_000_000_000;
            Inode inode;
            int result;
            if (type == Inode.S_IFDIR)
            {
                result = parent.Lookup(name, out inode);
                if (result == 0 && !inode.IsDirectory)
                {
                    inode.Drop();
                    Complain("a directory in the initrd has the name of a file: ", name);
                    return;
                }

                if (result < 0)
                {
                    result = parent.MakeDirectory(name, Inode.S_IFDIR | permissions, out inode);
                }
                else
                {
                    inode.Mode = Inode.S_IFDIR | permissions;
                }
            }
            else if (type == Inode.S_IFLNK)
            {
                result = parent.MakeSymlink(name, entry.Data, out inode);
            }
            else if (type == Inode.S_IFREG)
            {
                result = parent.Create(name, Inode.S_IFREG | permissions, 0, out inode);
                if (result == 0)
                {
                    fixed (byte* data = entry.Data)
                    {
                        ((TmpfsFile)inode).SetInitialContents(data, entry.Data.Length);
                    }
                }
            }
            else
            {
                // Device nodes, FIFOs and sockets have no meaning in an image: /dev is its own file system.
                return;
            }

            if (result < 0)
            {
                Complain("cannot add an initrd entry: ", name);
                return;
            }

            inode.ModifyTime = time;
            inode.ChangeTime = time;
            inode.AccessTime = time;
            inode.Drop();
        }

        // The directory at `path` below root, made with the default mode where missing; held, or null.
        private static Inode Directory(Inode root, ReadOnlySpan<byte> path)
        {
            Inode directory = root;
            directory.Hold();
            int position = 0;
            while (position < path.Length)
            {
                int start = position;
                while (position < path.Length && path[position] != (byte)'/')
                {
                    position++;
                }

                ReadOnlySpan<byte> component = path.Slice(start, position - start);
                position++;
                if (component.IsEmpty || (component.Length == 1 && component[0] == (byte)'.'))
                {
                    continue;
                }

                int result = directory.Lookup(component, out Inode child);
                if (result == (int)-Errno.ENOENT)
                {
                    result = directory.MakeDirectory(component, DefaultDirectoryMode, out child);
                }

                directory.Drop();
                if (result < 0)
                {
                    return null;
                }

                if (!child.IsDirectory)
                {
                    child.Drop();
                    return null;
                }

                directory = child;
            }

            return directory;
        }

        // Archive names come as "a/b", "./a/b" or "/a/b"; "." alone is the root itself.
        private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> name)
        {
            while (true)
            {
                if (name.Length >= 2 && name[0] == (byte)'.' && name[1] == (byte)'/')
                {
                    name = name.Slice(2);
                }
                else if (name.Length >= 1 && name[0] == (byte)'/')
                {
                    name = name.Slice(1);
                }
                else
                {
                    break;
                }
            }

            while (name.Length > 0 && name[name.Length - 1] == (byte)'/')
            {
                name = name.Slice(0, name.Length - 1);
            }

            return name.Length == 1 && name[0] == (byte)'.' ? ReadOnlySpan<byte>.Empty : name;
        }

        private static void Complain(string what, ReadOnlySpan<byte> name)
        {
            KernelLog.Write("kiln: warning: ");
            KernelLog.Write(what);
            KernelLog.Write(name);
            KernelLog.WriteLine();
        }
    }
}
