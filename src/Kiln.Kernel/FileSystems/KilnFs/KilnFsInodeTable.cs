// Every inode of a mounted KilnFS by number: replay resolves the numbers in Link and Extent records through it, and a
// commit walks it to find what changed. Chained hashing through KilnFsInode.NextInTable, with the bucket array
// doubled as the file system grows.
using Internal.Runtime;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed class KilnFsInodeTable
    {
        private KilnFsInode[] _buckets = new KilnFsInode[256];
        private int _count;

        public int Count => _count;

        /// <summary>Bucket count, for walking every inode with <see cref="Bucket"/>.</summary>
        public int BucketCount => _buckets.Length;

        public KilnFsInode Bucket(int index) => _buckets[index];

        public KilnFsInode Find(ulong number)
        {
            for (KilnFsInode inode = _buckets[Index(number, _buckets.Length)]; inode != null; inode = inode.NextInTable)
            {
                if (inode.Number == number)
                {
                    return inode;
                }
            }

            return null;
        }

        public void Add(KilnFsInode inode)
        {
            if (_count >= _buckets.Length * 2)
            {
                Grow();
            }

            int index = Index(inode.Number, _buckets.Length);
            inode.NextInTable = _buckets[index];
            _buckets[index] = inode;
            _count++;
        }

        public void Remove(KilnFsInode inode)
        {
            int index = Index(inode.Number, _buckets.Length);
            KilnFsInode previous = null;
            for (KilnFsInode walk = _buckets[index]; walk != null; walk = walk.NextInTable)
            {
                if (walk == inode)
                {
                    if (previous == null)
                    {
                        _buckets[index] = walk.NextInTable;
                    }
                    else
                    {
                        previous.NextInTable = walk.NextInTable;
                    }

                    inode.NextInTable = null;
                    _count--;
                    return;
                }

                previous = walk;
            }
        }

        private static int Index(ulong number, int buckets) => (int)((number * 0x9E3779B97F4A7C15UL) >> 40) & (buckets - 1);

        private void Grow()
        {
            KilnFsInode[] buckets = new KilnFsInode[_buckets.Length * 2];
            for (int i = 0; i < _buckets.Length; i++)
            {
                KilnFsInode inode = _buckets[i];
                while (inode != null)
                {
                    KilnFsInode next = inode.NextInTable;
                    int index = Index(inode.Number, buckets.Length);
                    inode.NextInTable = buckets[index];
                    buckets[index] = inode;
                    inode = next;
                }
            }

            ObjectMemory.Free(_buckets);
            _buckets = buckets;
        }
    }
}
