// The family, model and stepping /proc/cpuinfo shows, decoded from CPUID leaf 1 EAX as Linux's x86_family and
// x86_model do (arch/x86/lib/cpu.c): the extended family is added for family 15, the extended model for 6 and up.
namespace Kiln.Proc
{
    public readonly struct CpuSignature
    {
        public readonly uint Family;
        public readonly uint Model;
        public readonly uint Stepping;

        public CpuSignature(uint eax)
        {
            uint family = (eax >> 8) & 0xF;
            if (family == 0xF)
            {
                family += (eax >> 20) & 0xFF;
            }

            uint model = (eax >> 4) & 0xF;
            if (family >= 0x6)
            {
                model += ((eax >> 16) & 0xF) << 4;
            }

            Family = family;
            Model = model;
            Stepping = eax & 0xF;
        }
    }
}
