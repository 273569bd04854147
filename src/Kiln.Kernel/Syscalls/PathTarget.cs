// A resolved "parent directory + last name" for the calls that create, remove or rename names: the path copied in
// from the program and the directory that holds its last component. Disposed with Release (drops the directory).
using System;
using Kiln.Files;
using Kiln.Kernel.Vfs;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal unsafe ref struct PathTarget
    {
        public Inode Parent;
        public ReadOnlySpan<byte> Name;

        /// <summary>True when the path ended in a slash (the name must then be a directory).</summary>
        public bool TrailingSlash;

        /// <summary>
        /// Resolves the parent of the path at <paramref name="address"/> into <paramref name="buffer"/> (BufferSize
        /// bytes): 0, or -errno. The name may be "." or ".." or empty (the root); callers refuse those with their own errno.
        /// </summary>
        public static int Resolve(long dirfd, ulong address, byte* buffer, out PathTarget target)
        {
            target = default;
            int length = PathArguments.CopyPath(address, buffer);
            if (length < 0)
            {
                return length;
            }

            Inode start = null;
            if (length == 0 || buffer[0] != (byte)'/')
            {
                int error = PathArguments.StartDirectory(dirfd, out start);
                if (error < 0)
                {
                    return error;
                }
            }

            ReadOnlySpan<byte> path = new ReadOnlySpan<byte>(buffer, length);
            int result = PathWalk.ResolveParent(start, path, out target.Parent, out int nameStart, out int nameLength);
            if (result < 0)
            {
                return result;
            }

            target.Name = path.Slice(nameStart, nameLength);
            target.TrailingSlash = path[length - 1] == (byte)'/';
            return 0;
        }

        /// <summary>True when the last component is ".", ".." or missing (the path names the root).</summary>
        public bool NameIsSpecial => Name.Length == 0 || PathResolver.IsDots(Name);

        /// <summary>EROFS when the directory's file system is mounted read-only, else 0.</summary>
        public int Writable => Parent.FileSystem.ReadOnly ? (int)-Errno.EROFS : 0;

        public void Release()
        {
            if (Parent != null)
            {
                Parent.Drop();
                Parent = null;
            }
        }
    }
}
