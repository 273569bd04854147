// What every inode of a pseudo file system knows besides Inode's attributes: the entry it was made from, the
// context it was made with (a thread id, a descriptor), and its parent directory, which it holds so that the path
// /proc/self/fd reports for an open pseudo file can be rebuilt (a name is an entry's, or a number for /proc/<pid>,
// task/<tid> and fd/<n>).
using Kiln.Kernel.Vfs;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Pseudo
{
    internal abstract class PseudoInode : Inode
    {
        public PseudoEntry Entry;
        public long Context;

        /// <summary>The name when it is a number (/proc/1, task/2, fd/3), else -1 and the entry's name is used.</summary>
        public long NumericName = -1;

        private PseudoDirectory _parent;

        /// <summary>Sets up an inode made from <paramref name="entry"/> under <paramref name="parent"/> (which it holds).</summary>
        protected void Initialize(PseudoDirectory parent, PseudoEntry entry, long context, uint mode, ulong number)
        {
            Initialize(parent.FileSystem, number, mode);
            Entry = entry;
            Context = context;
            _parent = parent;
            parent.Hold();
            LinkCount = 0;
            if (IsDirectory)
            {
                Parent = parent;
            }
        }

        /// <summary>As Linux's proc and sysfs: one link for a file, two for a directory (the made-on-lookup inodes keep LinkCount 0 so they can be freed).</summary>
        public override unsafe void Stat(Kiln.Linux.LinuxStat* stat)
        {
            base.Stat(stat);
            if (stat->Nlink == 0)
            {
                stat->Nlink = IsDirectory ? 2u : 1u;
            }
        }

        /// <summary>Made on lookup with LinkCount 0 so it can be freed, yet still named: ".." and getcwd work inside.</summary>
        public override bool IsRemoved => false;

        /// <summary>Called when the inode is evicted: the parent may go too.</summary>
        public void ReleaseParent()
        {
            PseudoDirectory parent = _parent;
            _parent = null;
            parent?.Drop();
        }

        /// <summary>Appends the absolute path: the mount point, then each name from the root down.</summary>
        public void AppendPath(ref ByteWriter text)
        {
            if (_parent == null)
            {
                text.Append(((PseudoFileSystem)FileSystem).MountPath);
                return;
            }

            _parent.AppendPath(ref text);
            text.Append('/');
            if (NumericName >= 0)
            {
                text.Decimal(NumericName);
            }
            else
            {
                text.Append(Entry.Name);
            }
        }
    }
}
