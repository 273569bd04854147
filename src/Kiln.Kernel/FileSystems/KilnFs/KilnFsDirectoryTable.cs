// The names of one KilnFS directory, in memory (the log's Link and Unlink records rebuild it at mount). Entries keep
// the order they were added in and each carries a cookie from a counter that only grows, so a getdents position (the
// next cookie) survives names coming and going: cookies 0 and 1 are "." and "..". Lookup is a linear scan, which is
// fine for the directories programs keep on a volume; a hash index is the next step if one grows large.
using System;
using Internal.Runtime;

namespace Kiln.Kernel.FileSystems.KilnFs
{
    internal sealed class KilnFsDirectoryTable
    {
        public const long FirstCookie = 2;

        private KilnFsEntry[] _entries;
        private int _count;
        private long _nextCookie = FirstCookie;

        public int Count => _count;

        public ref KilnFsEntry this[int index] => ref _entries[index];

        /// <summary>The index of <paramref name="name"/>, or -1.</summary>
        public int Find(ReadOnlySpan<byte> name)
        {
            for (int i = 0; i < _count; i++)
            {
                if (Same(_entries[i].Name, name))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Adds a name (the caller checked it is free).</summary>
        public void Add(ReadOnlySpan<byte> name, KilnFsInode child)
        {
            if (_entries == null || _count == _entries.Length)
            {
                Grow();
            }

            byte[] copy = new byte[name.Length];
            name.CopyTo(copy);
            _entries[_count].Name = copy;
            _entries[_count].Child = child;
            _entries[_count].Cookie = _nextCookie++;
            _count++;
        }

        /// <summary>Removes the entry at <paramref name="index"/>, keeping the rest in cookie order.</summary>
        public void RemoveAt(int index)
        {
            ObjectMemory.Free(_entries[index].Name);
            for (int i = index; i < _count - 1; i++)
            {
                _entries[i] = _entries[i + 1];
            }

            _count--;
            _entries[_count] = default;
        }

        /// <summary>The first entry whose cookie is at least <paramref name="cookie"/> (Count when none).</summary>
        public int FirstAtOrAfter(long cookie)
        {
            int low = 0;
            int high = _count;
            while (low < high)
            {
                int middle = (low + high) >> 1;
                if (_entries[middle].Cookie < cookie)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        /// <summary>Gives back the table's memory (the directory is being evicted, empty).</summary>
        public void Free()
        {
            for (int i = 0; i < _count; i++)
            {
                ObjectMemory.Free(_entries[i].Name);
            }

            ObjectMemory.Free(_entries);
            _entries = null;
            _count = 0;
        }

        private static bool Same(byte[] entry, ReadOnlySpan<byte> name)
        {
            if (entry.Length != name.Length)
            {
                return false;
            }

            for (int i = 0; i < entry.Length; i++)
            {
                if (entry[i] != name[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void Grow()
        {
            KilnFsEntry[] entries = new KilnFsEntry[_entries == null ? 8 : _entries.Length * 2];
            for (int i = 0; i < _count; i++)
            {
                entries[i] = _entries[i];
            }

            ObjectMemory.Free(_entries);
            _entries = entries;
        }
    }
}
