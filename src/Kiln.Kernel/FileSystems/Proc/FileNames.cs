// What /proc/<pid>/fd/<n> links to: the path of a file opened by path, and Linux's made-up names for the rest
// ("pipe:[inode]", "anon_inode:[eventfd]", "anon_inode:[eventpoll]"). The console files are the program's terminal,
// /dev/console.
using Kiln.Kernel.FileSystems.Pseudo;
using Kiln.Kernel.Files;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static class FileNames
    {
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
            else if (file is ConsoleFile)
            {
                text.Append("/dev/console");
            }
            else
            {
                // FIXME: files of other kinds (the VFS's, sockets) describe themselves once they exist.
                text.Append("anon_inode:[unknown]");
            }
        }
    }
}
