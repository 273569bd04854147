// Why a TCP segment or its option list was rejected. Returned as a value: malformed input is an error, never an
// out-of-range read.
namespace Kiln.Net
{
    public enum TcpError
    {
        /// <summary>The segment is valid.</summary>
        None,

        /// <summary>Fewer than 20 bytes: no room for the fixed header.</summary>
        TooShort,

        /// <summary>The data offset is below 5 words or points past the end of the segment.</summary>
        BadDataOffset,

        /// <summary>An option's length byte is missing, below 2, runs past the option area, or does not fit the
        /// option's kind (MSS 4, window scale 3, SACK-permitted 2, timestamps 10, SACK 2 + 8n with n from 1 to 4).</summary>
        BadOption,

        /// <summary>The checksum does not verify against the pseudo-header.</summary>
        BadChecksum,

        /// <summary>Building: the destination span is too small, the options exceed 40 bytes, or a SACK block count
        /// is out of range.</summary>
        NoRoom,
    }
}
