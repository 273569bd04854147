// Summary of a validated manifest: the program path, how many args and env entries follow, and the flags.

using System;

namespace Kiln.Manifest
{
    /// <summary>What <see cref="ManifestReader.Validate"/> found in a manifest.</summary>
    public ref struct ManifestInfo
    {
        /// <summary>The program path (the value of the single <c>program</c> record).</summary>
        public ReadOnlySpan<byte> Program;

        /// <summary>Number of <c>arg</c> records.</summary>
        public int ArgCount;

        /// <summary>Number of <c>env</c> records.</summary>
        public int EnvCount;

        /// <summary>Number of <c>mount</c> records.</summary>
        public int MountCount;

        /// <summary>True if <c>trace=1</c> (the last <c>trace</c> record wins).</summary>
        public bool Trace;

        /// <summary>True if <c>syscall-summary=1</c> (the last such record wins).</summary>
        public bool SyscallSummary;

        /// <summary>On error, the key of the offending record, if the error concerns one.</summary>
        public ReadOnlySpan<byte> ErrorKey;
    }
}
