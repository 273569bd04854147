// A regular file's contents held in memory, page by page: a three-level radix tree (9 bits of the page index per
// level, 512 GiB per file at most) whose leaves hold the physical frame of each cached page and a dirty bit. Read,
// write and file mappings all go through it; a file system fills a missing page with Inode.ReadPage and writes dirty
// pages back in Inode.Sync. Pages stay cached until the file is truncated or evicted (no reclaim under memory
// pressure yet).
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Linux;

namespace Kiln.Kernel.Vfs
{
    internal sealed unsafe class PageCache
    {
        /// <summary>Set in a leaf entry when the page changed since it was last written back.</summary>
        private const ulong DirtyBit = 1;
        private const ulong FrameMask = ~0xFFFUL;
        private const int BitsPerLevel = 9;
        private const int EntriesPerNode = 512;
        private const ulong IndexLimit = 1UL << (3 * BitsPerLevel);

        /// <summary>
        /// The file whose pages these are, told when a page goes from clean to dirty (Inode.PageDirtied: a file system
        /// that writes back lazily schedules it); null when nobody needs telling.
        /// </summary>
        public Inode Owner;

        // Physical address of the top node, 0 while the cache is empty.
        private ulong _root;
        private long _pages;

        /// <summary>Pages held.</summary>
        public long Pages => _pages;

        /// <summary>The frame caching page <paramref name="index"/>, or 0.</summary>
        public ulong Find(ulong index)
        {
            ulong* entry = Entry(index, create: false);
            return entry == null ? 0 : *entry & FrameMask;
        }

        /// <summary>
        /// The frame caching page <paramref name="index"/> of <paramref name="inode"/>, read in with Inode.ReadPage when
        /// missing; 0 with -errno (ENOMEM, EIO, EFBIG) in <paramref name="error"/>.
        /// </summary>
        public ulong Get(Inode inode, ulong index, out int error)
        {
            error = 0;
            ulong* entry = Entry(index, create: true);
            if (entry == null)
            {
                error = index >= IndexLimit ? (int)-Errno.EFBIG : (int)-Errno.ENOMEM;
                return 0;
            }

            if (*entry != 0)
            {
                return *entry & FrameMask;
            }

            ulong frame = PhysicalMemory.AllocatePage();
            if (frame == 0)
            {
                error = (int)-Errno.ENOMEM;
                return 0;
            }

            int result = inode.ReadPage(index, (byte*)Layout.ToVirtual(frame));
            if (result < 0)
            {
                PhysicalMemory.FreePage(frame);
                error = result;
                return 0;
            }

            *entry = frame;
            _pages++;
            return frame;
        }

        /// <summary>Places an already filled frame as page <paramref name="index"/> (the cache owns it from now on); false without memory for the tree.</summary>
        public bool Insert(ulong index, ulong frame, bool dirty)
        {
            ulong* entry = Entry(index, create: true);
            if (entry == null)
            {
                return false;
            }

            if (*entry != 0)
            {
                PhysicalMemory.FreePage(*entry & FrameMask);
                _pages--;
            }

            *entry = frame | (dirty ? DirtyBit : 0);
            _pages++;
            return true;
        }

        public void MarkDirty(ulong index)
        {
            ulong* entry = Entry(index, create: false);
            if (entry != null && *entry != 0 && (*entry & DirtyBit) == 0)
            {
                *entry |= DirtyBit;
                Owner?.PageDirtied();
            }
        }

        public void MarkClean(ulong index)
        {
            ulong* entry = Entry(index, create: false);
            if (entry != null)
            {
                *entry &= ~DirtyBit;
            }
        }

        public bool IsDirty(ulong index)
        {
            ulong* entry = Entry(index, create: false);
            return entry != null && (*entry & DirtyBit) != 0;
        }

        /// <summary>
        /// The first cached page at or after <paramref name="index"/> (dirty ones only when <paramref name="dirtyOnly"/>):
        /// true with its index and frame, false when there is none.
        /// </summary>
        public bool Next(ref ulong index, bool dirtyOnly, out ulong frame)
        {
            frame = 0;
            if (_root == 0)
            {
                return false;
            }

            while (index < IndexLimit)
            {
                ulong* top = Node(_root);
                ulong* middle = Child(top, index >> (2 * BitsPerLevel));
                if (middle == null)
                {
                    index = ((index >> (2 * BitsPerLevel)) + 1) << (2 * BitsPerLevel);
                    continue;
                }

                ulong* leaf = Child(middle, (index >> BitsPerLevel) & (EntriesPerNode - 1));
                if (leaf == null)
                {
                    index = ((index >> BitsPerLevel) + 1) << BitsPerLevel;
                    continue;
                }

                ulong entry = leaf[index & (EntriesPerNode - 1)];
                if (entry != 0 && (!dirtyOnly || (entry & DirtyBit) != 0))
                {
                    frame = entry & FrameMask;
                    return true;
                }

                index++;
            }

            return false;
        }

        /// <summary>Frees every cached page at or after <paramref name="firstIndex"/> (truncation; the caller zeroes the tail of a partial last page).</summary>
        public void DropFrom(ulong firstIndex)
        {
            ulong index = firstIndex;
            while (Next(ref index, dirtyOnly: false, out ulong frame))
            {
                ulong* entry = Entry(index, create: false);
                *entry = 0;
                PhysicalMemory.FreePage(frame);
                _pages--;
                index++;
            }

            if (firstIndex == 0)
            {
                FreeTree();
            }
        }

        private void FreeTree()
        {
            if (_root == 0)
            {
                return;
            }

            ulong* top = Node(_root);
            for (int i = 0; i < EntriesPerNode; i++)
            {
                if (top[i] == 0)
                {
                    continue;
                }

                ulong* middle = Node(top[i]);
                for (int j = 0; j < EntriesPerNode; j++)
                {
                    if (middle[j] != 0)
                    {
                        PhysicalMemory.FreePage(middle[j]);
                    }
                }

                PhysicalMemory.FreePage(top[i]);
            }

            PhysicalMemory.FreePage(_root);
            _root = 0;
        }

        private ulong* Entry(ulong index, bool create)
        {
            if (index >= IndexLimit)
            {
                return null;
            }

            if (_root == 0)
            {
                if (!create || (_root = NewNode()) == 0)
                {
                    return null;
                }
            }

            ulong* top = Node(_root);
            ulong* middle = ChildOrNew(top, index >> (2 * BitsPerLevel), create);
            if (middle == null)
            {
                return null;
            }

            ulong* leaf = ChildOrNew(middle, (index >> BitsPerLevel) & (EntriesPerNode - 1), create);
            return leaf == null ? null : leaf + (index & (EntriesPerNode - 1));
        }

        private static ulong* ChildOrNew(ulong* node, ulong slot, bool create)
        {
            if (node[slot] == 0)
            {
                if (!create || (node[slot] = NewNode()) == 0)
                {
                    return null;
                }
            }

            return Node(node[slot]);
        }

        private static ulong* Child(ulong* node, ulong slot) => node[slot] == 0 ? null : Node(node[slot]);

        private static ulong* Node(ulong physical) => (ulong*)Layout.ToVirtual(physical);

        private static ulong NewNode()
        {
            ulong frame = PhysicalMemory.AllocatePage();
            if (frame != 0)
            {
                Cpu.FillMemory(Layout.ToVirtual(frame), 0, (nuint)Layout.PageSize);
            }

            return frame;
        }
    }
}
