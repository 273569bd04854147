// Why a cpio newc archive could not be read or written; returned as a value.

namespace Kiln.Cpio
{
    /// <summary>The result of a cpio newc read or write.</summary>
    public enum CpioError
    {
        /// <summary>Success.</summary>
        None,

        /// <summary>The archive ends inside a header, name or file body, or before the TRAILER!!! entry.</summary>
        Truncated,

        /// <summary>A header does not start with "070701" (the newc magic without checksums).</summary>
        BadMagic,

        /// <summary>A header field holds a character that is not a hexadecimal digit.</summary>
        BadHexField,

        /// <summary>An entry name is empty or not NUL-terminated.</summary>
        BadName,

        /// <summary>No entry has the requested name.</summary>
        NotFound,

        /// <summary>The output buffer is too small for the entry being written.</summary>
        BufferTooSmall,

        /// <summary>A name to write is empty or holds a NUL byte.</summary>
        InvalidName,

        /// <summary>Writing after the trailer, or reading past the end.</summary>
        Finished,
    }
}
