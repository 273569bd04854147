// Model-specific register numbers (Intel SDM vol. 4) and the EFER/STAR values Kiln uses.
namespace Kiln.Kernel.Arch.X86_64
{
    internal static class Msr
    {
        public const uint MSR_EFER = 0xC0000080;
        public const uint MSR_STAR = 0xC0000081;
        public const uint MSR_LSTAR = 0xC0000082;
        public const uint MSR_FMASK = 0xC0000084;
        public const uint MSR_FS_BASE = 0xC0000100;
        public const uint MSR_GS_BASE = 0xC0000101;
        public const uint MSR_KERNEL_GS_BASE = 0xC0000102;

        public const ulong RFLAGS_IF = 1UL << 9;
        public const ulong RFLAGS_DF = 1UL << 10;
        public const ulong RFLAGS_TF = 1UL << 8;
        public const ulong RFLAGS_AC = 1UL << 18;
    }
}
