// The state of an ARP cache entry, after the neighbour states of RFC 4861 section 7.3.2 that Linux also uses for IPv4.

namespace Kiln.Net
{
    public enum ArpEntryState
    {
        /// <summary>No entry for the address.</summary>
        None,

        /// <summary>A request was sent and no reply has come yet; there is no MAC address.</summary>
        Incomplete,

        /// <summary>The MAC address was confirmed within the reachable time.</summary>
        Reachable,

        /// <summary>The MAC address is known but was not confirmed recently; usable, but worth re-resolving.</summary>
        Stale,
    }
}
