// Bits of VdsoData.Features: which instruction the vDSO's getcpu may use to read the CPU number the kernel put in
// IA32_TSC_AUX (Intel SDM vol. 2: RDPID, RDTSCP). With neither, getcpu answers CPU 0.
namespace Kiln.Time
{
    public static class VdsoFeatures
    {
        public const uint Rdpid = 1u << 0;
        public const uint Rdtscp = 1u << 1;
    }
}
