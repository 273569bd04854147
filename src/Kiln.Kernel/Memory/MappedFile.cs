// The file behind one or more file regions of the address space (Region.Backing): the inode, held for as long as any
// region maps it, and the path it was mapped by, for /proc/self/maps. A region split in two means two regions holding
// the file; MappedFileTracker counts them, and the last one to go gives the inode back and frees this object.
using System;
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.Memory
{
    internal sealed unsafe class MappedFile
    {
        /// <summary>The mapped file; its page cache supplies the pages.</summary>
        public Inode Inode;

        /// <summary>The absolute path the file was mapped by (not NUL-terminated), or null when unknown.</summary>
        public byte* Path;

        public int PathLength;

        /// <summary>The file was open for writing when mapped: a shared mapping of it may be made writable (mprotect).</summary>
        public bool MayWrite;

        private int _regions;

        /// <summary>Regions of the address space that map this file now.</summary>
        public int Regions => _regions;

        /// <summary>A new mapping of <paramref name="inode"/> (held from now on) that no region uses yet.</summary>
        public static MappedFile Create(Inode inode, ReadOnlySpan<byte> path)
        {
            MappedFile file = new MappedFile();
            file.Inode = inode;
            inode.Hold();
            if (!path.IsEmpty)
            {
                file.Path = (byte*)KernelHeap.TryAllocate((nuint)path.Length);
                if (file.Path != null)
                {
                    for (int i = 0; i < path.Length; i++)
                    {
                        file.Path[i] = path[i];
                    }

                    file.PathLength = path.Length;
                }
            }

            return file;
        }

        public ReadOnlySpan<byte> PathBytes => Path == null ? default : new ReadOnlySpan<byte>(Path, PathLength);

        public void RegionAdded() => _regions++;

        public void RegionRemoved()
        {
            _regions--;
            ReleaseIfUnused();
        }

        /// <summary>Frees the mapping (and gives the inode back) when no region uses it: after the last munmap, or when the mapping failed.</summary>
        public void ReleaseIfUnused()
        {
            if (_regions > 0)
            {
                return;
            }

            Inode inode = Inode;
            if (Path != null)
            {
                KernelHeap.Free(Path, (nuint)PathLength);
            }

            Internal.Runtime.ObjectMemory.Free(this);
            inode.Drop();
        }
    }
}
