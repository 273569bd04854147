// Why a manifest could not be read or written; returned as a value, with the offending key alongside where it helps.

namespace Kiln.Manifest
{
    /// <summary>The result of reading, validating or writing a manifest.</summary>
    public enum ManifestError
    {
        /// <summary>Success.</summary>
        None,

        /// <summary>The last record is not terminated by a NUL byte.</summary>
        MissingTerminator,

        /// <summary>A record has no '=' between key and value.</summary>
        MissingEquals,

        /// <summary>A record's key is empty ("=value").</summary>
        EmptyKey,

        /// <summary>A record's key is not one of the known keys; the reader reports which.</summary>
        UnknownKey,

        /// <summary>No <c>program</c> record.</summary>
        MissingProgram,

        /// <summary>More than one <c>program</c> record.</summary>
        DuplicateProgram,

        /// <summary>The <c>program</c> value is not an absolute path.</summary>
        BadProgram,

        /// <summary>The <c>cwd</c> value is not an absolute path.</summary>
        BadWorkingDirectory,

        /// <summary>An <c>env</c> value is not NAME=VALUE with a non-empty NAME.</summary>
        BadEnv,

        /// <summary>A flag (<c>trace</c>, <c>syscall-summary</c>, <c>dhcp</c>) is neither 0 nor 1.</summary>
        BadFlag,

        /// <summary>A <c>mount</c> value is not LABEL:/path with a label of 1 to 32 bytes and no ':' in it.</summary>
        BadMount,

        /// <summary>An <c>ip</c> value is not A.B.C.D/PREFIX (PREFIX 1 to 32), or a <c>gateway</c> or <c>dns</c> value not A.B.C.D.</summary>
        BadAddress,

        /// <summary>A value to write holds a NUL byte, which would end the record early.</summary>
        ValueHasNul,

        /// <summary>The output buffer is too small.</summary>
        BufferTooSmall,
    }
}
