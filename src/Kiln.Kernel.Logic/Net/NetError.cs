// Why a received frame or packet was rejected. Parsers return these as values: a truncated or hostile frame is an
// error, never an out-of-bounds read (in the kernel that would be a panic).

namespace Kiln.Net
{
    public enum NetError
    {
        /// <summary>The frame or packet is valid.</summary>
        None,

        /// <summary>Shorter than the fixed header of its protocol.</summary>
        TooShort,

        /// <summary>ARP hardware type, protocol type or address lengths are not Ethernet/IPv4 (1, 0x0800, 6, 4).</summary>
        UnsupportedAddressFormat,

        /// <summary>ARP operation is neither request (1) nor reply (2).</summary>
        BadOperation,

        /// <summary>The IPv4 version field is not 4.</summary>
        BadVersion,

        /// <summary>The IPv4 IHL is below 5 or the header runs past the buffer.</summary>
        BadHeaderLength,

        /// <summary>The IPv4 total length is shorter than the header or longer than the buffer.</summary>
        BadTotalLength,

        /// <summary>The reserved IPv4 flag bit (RFC 791, bit 0 of the flags) is set.</summary>
        BadFlags,

        /// <summary>The Internet checksum does not verify.</summary>
        BadChecksum,

        /// <summary>An ICMP type this stack does not handle (only echo and destination unreachable).</summary>
        UnsupportedType,

        /// <summary>An ICMP code that is not defined for its type.</summary>
        BadCode,

        /// <summary>A builder's destination span is too small.</summary>
        BufferTooSmall,
    }
}
