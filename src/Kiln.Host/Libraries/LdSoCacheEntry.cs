// One library recorded in /etc/ld.so.cache: the name ld.so looks up (a soname) and the path it maps to.

namespace Kiln.Host.Libraries
{
    /// <summary>An entry of the glibc library cache.</summary>
    /// <param name="Name">The library name as looked up, e.g. libc.so.6.</param>
    /// <param name="Path">The file it resolves to, e.g. /lib/x86_64-linux-gnu/libc.so.6.</param>
    /// <param name="Flags">The entry's type and ABI flags (0x0303 is a 64-bit x86-64 glibc library).</param>
    /// <param name="Hwcap">0 for the baseline; bit 62 marks a glibc-hwcaps subdirectory (its index in the low bits).</param>
    public sealed record LdSoCacheEntry(string Name, string Path, int Flags, ulong Hwcap)
    {
        /// <summary>FLAG_ELF_LIBC6 | FLAG_X8664_LIB64: the only flags ld.so accepts on x86-64.</summary>
        public const int X86_64Flags = 0x0303;

        /// <summary>DL_CACHE_HWCAP_EXTENSION: the entry is for a glibc-hwcaps subdirectory (x86-64-v2, -v3, -v4).</summary>
        public const ulong HwcapExtension = 1UL << 62;

        /// <summary>True for an entry x86-64 ld.so would use on any CPU (right flags, no hwcaps subdirectory).</summary>
        public bool IsX86_64Baseline => Flags == X86_64Flags && Hwcap == 0;
    }
}
