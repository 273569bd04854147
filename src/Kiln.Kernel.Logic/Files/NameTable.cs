// The names of one directory, as tmpfs and KilnFS keep them in memory: name -> value (an inode), with a hash index so
// that lookup, add and remove are O(1) on average, and a listing order that getdents positions can rely on. Entries
// live in slots in the order they were added, each with a cookie from a counter that only grows; a removed entry
// leaves a dead slot that keeps its cookie, so a position (the next cookie) stays valid while names come and go: a
// listing never repeats an entry and sees every entry that existed throughout. Dead slots are squeezed out when the
// slots run out (or the table is mostly empty), which keeps the cost amortized O(1); a slot index is only valid until
// the next Add or RemoveAt. Cookies 0 and 1 are left for "." and "..".
#nullable enable
using System;

namespace Kiln.Files
{
    /// <summary>A directory's name table: hashed lookup, stable listing cookies.</summary>
    public class NameTable<TValue>
        where TValue : class
    {
        /// <summary>The cookie of the first name added; 0 and 1 belong to "." and "..".</summary>
        public const long FirstCookie = 2;

        private const int MinimumCapacity = 8;

        // Parallel arrays over the slots [0, _used); a dead slot has a null name. _heads[hash & mask] and _next[slot]
        // chain the live slots of a bucket, as slot + 1 (0 ends a chain). Capacity is a power of two.
        private byte[]?[]? _names;
        private TValue?[]? _values;
        private long[]? _cookies;
        private uint[]? _hashes;
        private int[]? _next;
        private int[]? _heads;
        private int _used;
        private int _count;
        private long _nextCookie = FirstCookie;

        /// <summary>Live names.</summary>
        public int Count => _count;

        /// <summary>One past the last slot in use: iterate with FirstAtOrAfter(0) and NextAfter up to End.</summary>
        public int End => _used;

        /// <summary>Slots allocated (for tests of the amortized bookkeeping).</summary>
        public int Capacity => _names == null ? 0 : _names.Length;

        /// <summary>The slot of <paramref name="name"/>, or -1.</summary>
        public int Find(ReadOnlySpan<byte> name)
        {
            if (_count == 0)
            {
                return -1;
            }

            uint hash = Hash(name);
            for (int link = _heads![(int)(hash & (uint)(_heads.Length - 1))]; link != 0; link = _next![link - 1])
            {
                int slot = link - 1;
                if (_hashes![slot] == hash && Same(_names![slot]!, name))
                {
                    return slot;
                }
            }

            return -1;
        }

        /// <summary>Adds a name (the caller checked it is not there) with the next cookie; returns its slot.</summary>
        public int Add(ReadOnlySpan<byte> name, TValue value)
        {
            if (_names == null)
            {
                Resize(MinimumCapacity);
            }
            else if (_used == _names.Length)
            {
                // Squeeze out the dead slots, growing only when at least half the slots are live.
                Resize(_count * 2 >= _names.Length ? _names.Length * 2 : _names.Length);
            }

            byte[] copy = new byte[name.Length];
            name.CopyTo(copy);
            int slot = _used++;
            uint hash = Hash(name);
            _names![slot] = copy;
            _values![slot] = value;
            _cookies![slot] = _nextCookie++;
            _hashes![slot] = hash;
            Chain(slot);
            _count++;
            return slot;
        }

        /// <summary>Removes the live entry at <paramref name="slot"/>; the other entries keep their cookies and order.</summary>
        public void RemoveAt(int slot)
        {
            Unchain(slot);
            Release(_names![slot]!);
            _names[slot] = null;
            _values![slot] = null;
            _count--;
            if (_count == 0)
            {
                // Nothing to keep in order: start the slots over (the cookies go on growing).
                ClearHeads();
                _used = 0;
            }
            else if (_names.Length > MinimumCapacity && _count * 4 < _names.Length)
            {
                Resize(_names.Length / 2);
            }
        }

        public TValue ValueAt(int slot) => _values![slot]!;

        /// <summary>Points the entry at <paramref name="slot"/> at another value (rename over a name, exchange).</summary>
        public void SetValue(int slot, TValue value) => _values![slot] = value;

        public byte[] NameAt(int slot) => _names![slot]!;

        /// <summary>The entry's cookie: a listing that stopped after it resumes at cookie + 1.</summary>
        public long CookieAt(int slot) => _cookies![slot];

        public bool IsLive(int slot) => slot >= 0 && slot < _used && _names![slot] != null;

        /// <summary>The first live slot whose cookie is at least <paramref name="cookie"/> (End when none).</summary>
        public int FirstAtOrAfter(long cookie)
        {
            int low = 0;
            int high = _used;
            while (low < high)
            {
                int middle = (low + high) >> 1;
                if (_cookies![middle] < cookie)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return SkipDead(low);
        }

        /// <summary>The first live slot after <paramref name="slot"/> (End when none).</summary>
        public int NextAfter(int slot) => SkipDead(slot + 1);

        /// <summary>Gives back every name and the table's storage (the directory is being freed).</summary>
        public void Clear()
        {
            for (int slot = 0; slot < _used; slot++)
            {
                if (_names![slot] != null)
                {
                    Release(_names[slot]!);
                }
            }

            ReleaseStorage();
            _used = 0;
            _count = 0;
        }

        /// <summary>FNV-1a over the name's bytes.</summary>
        public static uint Hash(ReadOnlySpan<byte> name)
        {
            uint hash = 2166136261;
            for (int i = 0; i < name.Length; i++)
            {
                hash = (hash ^ name[i]) * 16777619;
            }

            return hash;
        }

        /// <summary>
        /// Storage the table no longer uses (a removed name, arrays outgrown): the kernel frees it here, having no
        /// collector; on the host it is left to the GC.
        /// </summary>
        protected virtual void Release(object storage)
        {
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

        private void ClearHeads()
        {
            int[] heads = _heads!;
            for (int i = 0; i < heads.Length; i++)
            {
                heads[i] = 0;
            }
        }

        private int SkipDead(int slot)
        {
            while (slot < _used && _names![slot] == null)
            {
                slot++;
            }

            return slot;
        }

        private void Chain(int slot)
        {
            int bucket = (int)(_hashes![slot] & (uint)(_heads!.Length - 1));
            _next![slot] = _heads[bucket];
            _heads[bucket] = slot + 1;
        }

        private void Unchain(int slot)
        {
            int bucket = (int)(_hashes![slot] & (uint)(_heads!.Length - 1));
            if (_heads[bucket] == slot + 1)
            {
                _heads[bucket] = _next![slot];
                return;
            }

            for (int link = _heads[bucket]; link != 0; link = _next![link - 1])
            {
                if (_next![link - 1] == slot + 1)
                {
                    _next[link - 1] = _next[slot];
                    return;
                }
            }
        }

        // Moves the live slots, in order, to the front of arrays of `capacity` slots (new ones when the capacity
        // changes, else in place) and rebuilds the hash chains.
        private void Resize(int capacity)
        {
            byte[]?[]? names = _names;
            TValue?[]? values = _values;
            long[]? cookies = _cookies;
            uint[]? hashes = _hashes;
            int[]? next = _next;
            int[]? heads = _heads;
            bool fresh = names == null || names.Length != capacity;
            if (fresh)
            {
                _names = new byte[capacity][];
                _values = new TValue[capacity];
                _cookies = new long[capacity];
                _hashes = new uint[capacity];
                _next = new int[capacity];
                _heads = new int[capacity];
            }

            int live = 0;
            for (int slot = 0; slot < _used; slot++)
            {
                if (names![slot] == null)
                {
                    continue;
                }

                _names![live] = names[slot];
                _values![live] = values![slot];
                _cookies![live] = cookies![slot];
                _hashes![live] = hashes![slot];
                live++;
            }

            if (!fresh)
            {
                for (int slot = live; slot < _used; slot++)
                {
                    _names![slot] = null;
                    _values![slot] = null;
                }

                ClearHeads();
            }
            else if (names != null)
            {
                Release(names);
                Release(values!);
                Release(cookies!);
                Release(hashes!);
                Release(next!);
                Release(heads!);
            }

            _used = live;
            for (int slot = 0; slot < live; slot++)
            {
                Chain(slot);
            }
        }

        private void ReleaseStorage()
        {
            if (_names == null)
            {
                return;
            }

            Release(_names);
            Release(_values!);
            Release(_cookies!);
            Release(_hashes!);
            Release(_next!);
            Release(_heads!);
            _names = null;
            _values = null;
            _cookies = null;
            _hashes = null;
            _next = null;
            _heads = null;
        }
    }
}
