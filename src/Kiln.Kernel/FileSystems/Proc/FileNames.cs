// What /proc/<pid>/fd/<n> links to: the path of a file opened by path, and Linux's made-up names for the rest
// ("pipe:[inode]", "socket:[inode]", "anon_inode:[eventfd]", "anon_inode:[eventpoll]"). The console files are the program's terminal,
// /dev/console. A VFS file's path is computed when asked, so it follows a rename and shows " (deleted)" after unlink.
using System;
using Kiln.Files;
using Kiln.Kernel.FileSystems.Pseudo;
using Kiln.Kernel.Files;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static unsafe class FileNames
    {
        /// <summary>The path of a file opened by path, " (deleted)" after as Linux's d_path adds; false when it is not known.</summary>
        public static bool AppendPath(InodeFile file, ref ByteWriter text)
        {
            byte* path = stackalloc byte[PathResolver.PathMax];
            int length = file.WritePath(path, PathResolver.PathMax, out bool deleted);
            if (length < 0)
            {
                return false;
            }

            text.Append(new ReadOnlySpan<byte>(path, length));
            if (deleted)
            {
                text.Append(" (deleted)");
            }

            return true;
        }

        public static void Describe(OpenFile file, ref ByteWriter text)
        {
            if (file.Inode is PseudoInode pseudo)
            {
                pseudo.AppendPath(ref text);
            }
            else if (file is PipeEnd pipe)
            {
                text.Append("pipe:[");
                text.Decimal(pipe.Pipe.Inode);
                text.Append(']');
            }
            else if (file is EventFd)
            {
                text.Append("anon_inode:[eventfd]");
            }
            else if (file.AsEpoll != null)
            {
                text.Append("anon_inode:[eventpoll]");
            }
            else if (file is InodeFile inodeFile && AppendPath(inodeFile, ref text))
            {
            }
            else if (file is ConsoleFile)
            {
                text.Append("/dev/console");
            }
            else if (file is Sockets.SocketFile socket)
            {
                text.Append("socket:[");
                text.Decimal(socket.InodeNumber);
                text.Append(']');
            }
            else
            {
                // A VFS file whose path is lost (its directory removed) shows here.
                text.Append("anon_inode:[unknown]");
            }
        }
    }
}
