// The ARP cache as pure bookkeeping: a fixed number of entries mapping IPv4 addresses to MAC addresses, aged by a
// clock the caller passes in (nanoseconds), so the kernel drives it from its timer and tests drive it by hand.
// Reachable entries turn stale after ReachableNs, stale ones are dropped after StaleNs, incomplete ones (a request
// without a reply) after IncompleteNs. When the table is full, the entry updated longest ago is evicted.

namespace Kiln.Net
{
    public sealed class ArpCache
    {
        private readonly uint[] _ips;
        private readonly ulong[] _macs;
        private readonly ArpEntryState[] _states;
        private readonly long[] _updatedNs;

        public ArpCache(int capacity, long reachableNs, long staleNs, long incompleteNs)
        {
            if (capacity < 1)
            {
                capacity = 1;
            }

            _ips = new uint[capacity];
            _macs = new ulong[capacity];
            _states = new ArpEntryState[capacity];
            _updatedNs = new long[capacity];
            ReachableNs = reachableNs;
            StaleNs = staleNs;
            IncompleteNs = incompleteNs;
        }

        public int Capacity => _ips.Length;
        public long ReachableNs { get; }
        public long StaleNs { get; }
        public long IncompleteNs { get; }

        public int Count
        {
            get
            {
                int count = 0;
                for (int i = 0; i < _states.Length; i++)
                {
                    if (_states[i] != ArpEntryState.None)
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        /// <summary>Records a confirmed mapping (from a reply or a request naming us); the entry becomes reachable.</summary>
        public void Insert(uint ip, ulong mac, long nowNs)
        {
            int slot = SlotFor(ip);
            _ips[slot] = ip;
            _macs[slot] = mac;
            _states[slot] = ArpEntryState.Reachable;
            _updatedNs[slot] = nowNs;
        }

        /// <summary>
        /// Records that a request for ip was sent. An existing entry with a MAC keeps it (a stale entry stays usable while
        /// being re-resolved); otherwise the entry becomes incomplete. Returns false if ip already is incomplete, so the
        /// caller does not flood requests.
        /// </summary>
        public bool MarkIncomplete(uint ip, long nowNs)
        {
            int slot = Find(ip);
            if (slot >= 0)
            {
                return _states[slot] != ArpEntryState.Incomplete;
            }

            slot = SlotFor(ip);
            _ips[slot] = ip;
            _macs[slot] = 0;
            _states[slot] = ArpEntryState.Incomplete;
            _updatedNs[slot] = nowNs;
            return true;
        }

        /// <summary>Looks ip up after ageing it to nowNs; mac is set when the state is reachable or stale.</summary>
        public ArpEntryState Lookup(uint ip, long nowNs, out ulong mac)
        {
            mac = 0;
            int slot = Find(ip);
            if (slot < 0)
            {
                return ArpEntryState.None;
            }

            Age(slot, nowNs);
            ArpEntryState state = _states[slot];
            if (state == ArpEntryState.Reachable || state == ArpEntryState.Stale)
            {
                mac = _macs[slot];
            }

            return state;
        }

        /// <summary>Ages every entry to nowNs, dropping expired ones.</summary>
        public void Expire(long nowNs)
        {
            for (int i = 0; i < _states.Length; i++)
            {
                Age(i, nowNs);
            }
        }

        /// <summary>Drops the entry for ip, if any.</summary>
        public void Remove(uint ip)
        {
            int slot = Find(ip);
            if (slot >= 0)
            {
                _states[slot] = ArpEntryState.None;
            }
        }

        private void Age(int slot, long nowNs)
        {
            long age = nowNs - _updatedNs[slot];
            switch (_states[slot])
            {
                case ArpEntryState.Incomplete:
                    if (age >= IncompleteNs)
                    {
                        _states[slot] = ArpEntryState.None;
                    }

                    break;
                case ArpEntryState.Reachable:
                    if (age >= ReachableNs + StaleNs)
                    {
                        _states[slot] = ArpEntryState.None;
                    }
                    else if (age >= ReachableNs)
                    {
                        _states[slot] = ArpEntryState.Stale;
                    }

                    break;
                case ArpEntryState.Stale:
                    // A stale entry's clock still runs from its last confirmation.
                    if (age >= ReachableNs + StaleNs)
                    {
                        _states[slot] = ArpEntryState.None;
                    }

                    break;
            }
        }

        private int Find(uint ip)
        {
            for (int i = 0; i < _ips.Length; i++)
            {
                if (_states[i] != ArpEntryState.None && _ips[i] == ip)
                {
                    return i;
                }
            }

            return -1;
        }

        // The existing slot for ip, else a free slot, else the slot updated longest ago (evicted).
        private int SlotFor(uint ip)
        {
            int existing = Find(ip);
            if (existing >= 0)
            {
                return existing;
            }

            int oldest = 0;
            for (int i = 0; i < _states.Length; i++)
            {
                if (_states[i] == ArpEntryState.None)
                {
                    return i;
                }

                if (_updatedNs[i] < _updatedNs[oldest])
                {
                    oldest = i;
                }
            }

            return oldest;
        }
    }
}
