// A directory's name table in the kernel (tmpfs and KilnFS): Kiln.Files.NameTable, whose storage goes back to the
// kernel heap as soon as the table lets go of it (a removed name, arrays outgrown or shrunk), there being no collector.
using Internal.Runtime;
using Kiln.Files;

namespace Kiln.Kernel.Vfs
{
    internal sealed class DirectoryNames<TInode> : NameTable<TInode>
        where TInode : Inode
    {
        protected override void Release(object storage) => ObjectMemory.Free(storage);
    }
}
