// Why a UDP datagram was rejected. Returned as a value: malformed input is an error, never an out-of-range read.
namespace Kiln.Net
{
    public enum UdpError
    {
        /// <summary>The datagram is valid.</summary>
        None,

        /// <summary>Fewer than 8 bytes: no room for the header.</summary>
        TooShort,

        /// <summary>The length field is below 8 or larger than the bytes received.</summary>
        BadLength,

        /// <summary>The checksum is nonzero and does not verify against the pseudo-header.</summary>
        BadChecksum,

        /// <summary>Building: the destination span is too small or the datagram would exceed 65535 bytes.</summary>
        NoRoom,
    }
}
