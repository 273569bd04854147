// A pseudo symlink whose target its entry's Content function writes when it is read: /proc/self (the pid),
// /proc/self/exe (the program's path), /proc/self/fd/<n> (what the descriptor names), /dev/stdin.
using System;
using Kiln.Kernel.Vfs;
using Kiln.Linux;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Pseudo
{
    internal sealed unsafe class GeneratedSymlink : PseudoInode
    {
        public static Inode Make(PseudoDirectory parent, PseudoEntry entry, long context) =>
            Make(parent, entry, context, entry.Mode, entry.InodeNumber(context));

        public static GeneratedSymlink Make(PseudoDirectory parent, PseudoEntry entry, long context, uint mode, ulong number)
        {
            GeneratedSymlink link = new GeneratedSymlink();
            link.Initialize(parent, entry, context, mode, number);
            if (((PseudoFileSystem)parent.FileSystem).ReportsSymlinkSize)
            {
                byte* target = stackalloc byte[256];
                ByteWriter writer = new ByteWriter(new Span<byte>(target, 256));
                entry.Content(ref writer, context);
                link.Size = writer.Length;
            }

            return link;
        }

        public override int ReadLink(Span<byte> buffer)
        {
            // The target is made whole first, then cut to the buffer, as readlink(2) truncates.
            byte* target = stackalloc byte[4096];
            ByteWriter writer = new ByteWriter(new Span<byte>(target, 4096));
            Entry.Content(ref writer, Context);
            if (writer.Length == 0)
            {
                // What it named is gone (a descriptor closed, a thread exited).
                return (int)-Errno.ENOENT;
            }

            int length = Math.Min(writer.Length, buffer.Length);
            for (int i = 0; i < length; i++)
            {
                buffer[i] = target[i];
            }

            return length;
        }
    }
}
