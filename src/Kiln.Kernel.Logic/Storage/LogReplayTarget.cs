// What replay applies committed records to: the kernel's in-memory tree, the host's image reader, a test's model.
// Records arrive in log order; a target that finds one inconsistent (a link to an inode never created) counts it and
// goes on, since the rest of the tree is still worth having.
using System;

namespace Kiln.Storage
{
    public abstract class LogReplayTarget
    {
        public abstract void Inode(in InodeRecord record);

        public abstract void Link(ulong parent, ulong child, ReadOnlySpan<byte> name);

        public abstract void Unlink(ulong parent, ReadOnlySpan<byte> name);

        public abstract void Extent(in ExtentRecord record);

        public abstract void Truncate(ulong inode, ulong size);

        public abstract void FreeInode(ulong inode);

        public abstract void Symlink(ulong inode, ReadOnlySpan<byte> target);
    }
}
