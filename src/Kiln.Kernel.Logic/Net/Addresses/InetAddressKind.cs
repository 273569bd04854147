// What an IPv6 socket address names, for a stack that speaks only IPv4: the unspecified address (any), an
// IPv4-mapped address (::ffff:a.b.c.d, used as the IPv4 address), the IPv6 loopback, or another IPv6 address.
namespace Kiln.Net.Addresses
{
    public enum InetAddressKind
    {
        /// <summary>:: (in6addr_any).</summary>
        Any,

        /// <summary>::ffff:a.b.c.d; the IPv4 address is in the endpoint.</summary>
        Mapped,

        /// <summary>::1.</summary>
        Loopback,

        /// <summary>Any other IPv6 address: there are no IPv6 routes or addresses.</summary>
        Other,
    }
}
