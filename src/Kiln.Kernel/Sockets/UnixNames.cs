// The bound AF_UNIX names: abstract names live only here; path names are socket inodes in the VFS, and this list
// tells which socket is bound to which inode. A short list: programs bind a handful of sockets.
using System;
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.Sockets
{
    internal static class UnixNames
    {
        private static UnixSocket s_first;

        public static void Add(UnixSocket socket)
        {
            socket.NameNext = s_first;
            s_first = socket;
        }

        public static void Remove(UnixSocket socket)
        {
            if (s_first == socket)
            {
                s_first = socket.NameNext;
                socket.NameNext = null;
                return;
            }

            for (UnixSocket at = s_first; at != null; at = at.NameNext)
            {
                if (at.NameNext == socket)
                {
                    at.NameNext = socket.NameNext;
                    socket.NameNext = null;
                    return;
                }
            }
        }

        public static UnixSocket FindAbstract(ReadOnlySpan<byte> name)
        {
            for (UnixSocket at = s_first; at != null; at = at.NameNext)
            {
                if (at.HasAbstractName(name))
                {
                    return at;
                }
            }

            return null;
        }

        public static UnixSocket FindByInode(Inode inode)
        {
            for (UnixSocket at = s_first; at != null; at = at.NameNext)
            {
                if (at.NameInode == inode)
                {
                    return at;
                }
            }

            return null;
        }
    }
}
