// The vvar page: one page of RAM holding Kiln.Time.VdsoData, written by the kernel through the direct map and mapped
// read-only into the program just below the vDSO, whose clock functions read it. Also sets up what getcpu reads.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Time;

namespace Kiln.Kernel.Time
{
    // SAFETY: s_data points at the page Initialize allocated, reached through the direct map and never freed by the
    // kernel; user space sees it read-only, so only Publish writes it.
    internal static unsafe class Vvar
    {
        // IA32_TSC_AUX (Intel SDM vol. 4, table 2-2), read by RDTSCP and RDPID.
        private const uint IA32_TSC_AUX = 0xC0000103;

        private static VdsoData* s_data;

        /// <summary>The page's physical address, 0 before Initialize or when memory ran out.</summary>
        public static ulong Frame { get; private set; }

        public static void Initialize()
        {
            Frame = PhysicalMemory.AllocatePage();
            if (Frame == 0)
            {
                return;
            }

            s_data = (VdsoData*)Layout.ToVirtual(Frame);
            s_data->Features = CpuFeatures();
            if (s_data->Features != 0)
            {
                // Linux's encoding: node << 12 | cpu. One CPU, node 0 for now; an SMP bring-up writes each CPU's number.
                Cpu.WriteMsr(IA32_TSC_AUX, 0);
            }
        }

        /// <summary>Publishes the clock's parameters; readers that overlap the update retry (the sequence is odd meanwhile).</summary>
        public static void Publish(ulong baseTsc, ulong baseNs, ClockScale scale, ulong wallOffsetNs)
        {
            if (s_data == null)
            {
                return;
            }

            // Interlocked increments are full barriers, so no field write moves across either one.
            System.Threading.Interlocked.Increment(ref *(int*)&s_data->Sequence);
            s_data->BaseTsc = baseTsc;
            s_data->BaseNs = baseNs;
            s_data->Mult = scale.Mult;
            s_data->Shift = scale.Shift;
            s_data->WallOffsetNs = wallOffsetNs;
            System.Threading.Interlocked.Increment(ref *(int*)&s_data->Sequence);
        }

        // CPUID.(EAX=07H,ECX=0):ECX[22] is RDPID; CPUID.80000001H:EDX[27] is RDTSCP (Intel SDM vol. 2A, CPUID).
        private static uint CpuFeatures()
        {
            uint* registers = stackalloc uint[4];
            uint features = 0;
            Cpu.CpuId(0, 0, registers);
            if (registers[0] >= 7)
            {
                Cpu.CpuId(7, 0, registers);
                if ((registers[2] & (1u << 22)) != 0)
                {
                    features |= VdsoFeatures.Rdpid;
                }
            }

            Cpu.CpuId(0x80000000, 0, registers);
            if (registers[0] >= 0x80000001)
            {
                Cpu.CpuId(0x80000001, 0, registers);
                if ((registers[3] & (1u << 27)) != 0)
                {
                    features |= VdsoFeatures.Rdtscp;
                }
            }

            return features;
        }
    }
}
