// /proc/<pid>/task: one directory per live thread, named by its id and listed in id order, each with the per-thread
// files (stat, status, comm ...) of ProcFileSystem's thread table.
using System;
using Kiln.Kernel.FileSystems.Pseudo;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal sealed class TaskDirectory : PseudoDirectory
    {
        public static Inode Make(PseudoDirectory parent, PseudoEntry entry, long context)
        {
            TaskDirectory directory = new TaskDirectory();
            directory.Initialize(parent, entry, context, entry.Mode, entry.InodeNumber(context));
            return directory;
        }

        /// <summary>The smallest live thread id at least <paramref name="from"/>, or -1.</summary>
        public static long NextThreadId(long from)
        {
            long best = -1;
            for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
            {
                if (!thread.IsKernelThread && thread.Id >= from && (best < 0 || thread.Id < best))
                {
                    best = thread.Id;
                }
            }

            return best;
        }

        /// <summary>The highest live thread id (loadavg's last field).</summary>
        public static long LastThreadId()
        {
            long last = 0;
            for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
            {
                if (!thread.IsKernelThread && thread.Id > last)
                {
                    last = thread.Id;
                }
            }

            return last;
        }

        protected override bool NextEntry(ref long cursor, Span<byte> name, out int nameLength, out ulong inode, out byte type)
        {
            long tid = NextThreadId(cursor < 0 ? 0 : cursor);
            type = DirectorySink.DT_DIR;
            if (tid < 0)
            {
                nameLength = 0;
                inode = 0;
                return false;
            }

            cursor = tid;
            nameLength = CopyNumber(tid, name);
            inode = ProcFileSystem.ThreadDirectoryInode(tid);
            return true;
        }

        protected override Inode LookupEntry(ReadOnlySpan<byte> name)
        {
            long tid = ParseNumber(name);
            if (tid <= 0 || ThreadRegistry.Find((int)tid) == null)
            {
                return null;
            }

            return TemplateDirectory.MakeNumbered(this, ProcFileSystem.ThreadEntries, tid, ProcFileSystem.ThreadDirectoryInode(tid));
        }
    }
}
