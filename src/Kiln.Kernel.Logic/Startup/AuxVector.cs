// Auxiliary-vector entry types (Linux include/uapi/linux/auxvec.h and asm/auxvec.h).
namespace Kiln.Startup
{
    public static class AuxVector
    {
        public const ulong AT_NULL = 0;
        public const ulong AT_PHDR = 3;
        public const ulong AT_PHENT = 4;
        public const ulong AT_PHNUM = 5;
        public const ulong AT_PAGESZ = 6;
        public const ulong AT_BASE = 7;
        public const ulong AT_FLAGS = 8;
        public const ulong AT_ENTRY = 9;
        public const ulong AT_UID = 11;
        public const ulong AT_EUID = 12;
        public const ulong AT_GID = 13;
        public const ulong AT_EGID = 14;
        public const ulong AT_PLATFORM = 15;
        public const ulong AT_HWCAP = 16;
        public const ulong AT_CLKTCK = 17;
        public const ulong AT_SECURE = 23;
        public const ulong AT_RANDOM = 25;
        public const ulong AT_HWCAP2 = 26;
        public const ulong AT_EXECFN = 31;
        public const ulong AT_SYSINFO_EHDR = 33;
        public const ulong AT_MINSIGSTKSZ = 51;
    }
}
