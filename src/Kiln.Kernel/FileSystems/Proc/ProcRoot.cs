// /proc's root: its named entries (cpuinfo, self, sys ...) and then one directory per process, which for Kiln is
// the program alone (pid 1). As on Linux, /proc/<tid> of any other live thread can be looked up but is not listed.
using System;
using Kiln.Kernel.FileSystems.Pseudo;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal sealed class ProcRoot : TemplateDirectory
    {
        public ProcRoot(PseudoEntry[] entries)
            : base(entries)
        {
        }

        protected override bool NextEntry(ref long cursor, Span<byte> name, out int nameLength, out ulong inode, out byte type)
        {
            if (cursor < _entries.Length)
            {
                return base.NextEntry(ref cursor, name, out nameLength, out inode, out type);
            }

            type = DirectorySink.DT_DIR;
            if (cursor == _entries.Length && ThreadRegistry.LiveCount > 0)
            {
                nameLength = CopyNumber(UserProcess.Pid, name);
                inode = ProcFileSystem.ProcessDirectoryInode(UserProcess.Pid);
                return true;
            }

            nameLength = 0;
            inode = 0;
            return false;
        }

        protected override Inode LookupEntry(ReadOnlySpan<byte> name)
        {
            Inode named = base.LookupEntry(name);
            if (named != null)
            {
                return named;
            }

            long id = ParseNumber(name);
            if (id <= 0 || (id != UserProcess.Pid && ThreadRegistry.Find((int)id) == null) || ThreadRegistry.LiveCount == 0)
            {
                return null;
            }

            PseudoEntry[] entries = id == UserProcess.Pid ? ProcFileSystem.ProcessEntries : ProcFileSystem.ThreadEntries;
            return MakeNumbered(this, entries, id, ProcFileSystem.ProcessDirectoryInode(id));
        }
    }
}
