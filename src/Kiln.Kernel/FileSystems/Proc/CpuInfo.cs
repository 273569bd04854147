// /proc/cpuinfo for Kiln's one CPU, in the format of Linux's show_cpuinfo (arch/x86/kernel/cpu/proc.c), every value
// read from CPUID: vendor, brand string, family/model/stepping, cache size (leaf 0x80000006), CLFLUSH line size,
// address sizes (0x80000008), and the feature flags under Linux's names (Proc.CpuFlagNames). "cpu MHz" is the TSC
// rate the clock measured; bogomips is twice it, as Linux's calibration gives on modern CPUs.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Time;
using Kiln.Proc;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static unsafe class CpuInfo
    {
        public static void Write(ref ByteWriter text, long context)
        {
            uint* r = stackalloc uint[4];
            Cpu.CpuId(0, 0, r);
            uint maxLeaf = r[0];
            byte* vendor = stackalloc byte[12];
            *(uint*)vendor = r[1];
            *(uint*)(vendor + 4) = r[3];
            *(uint*)(vendor + 8) = r[2];

            Cpu.CpuId(0x80000000, 0, r);
            uint maxExtended = r[0];

            uint* words = stackalloc uint[CpuFlagNames.WordCount];
            for (int i = 0; i < CpuFlagNames.WordCount; i++)
            {
                words[i] = 0;
            }

            Cpu.CpuId(1, 0, r);
            uint signatureEax = r[0];
            uint clflushSize = ((r[1] >> 8) & 0xFF) * 8;
            words[CpuFlagNames.Cpuid1Edx] = r[3];
            words[CpuFlagNames.Cpuid1Ecx] = r[2];
            words[CpuFlagNames.Synthetic] = 1u << CpuFlagNames.CpuidBit;
            if (maxLeaf >= 7)
            {
                Cpu.CpuId(7, 0, r);
                words[CpuFlagNames.Cpuid7Ebx] = r[1];
                words[CpuFlagNames.Cpuid7Ecx] = r[2];
                words[CpuFlagNames.Cpuid7Edx] = r[3];
            }

            if (maxLeaf >= 0xD)
            {
                Cpu.CpuId(0xD, 1, r);
                words[CpuFlagNames.CpuidDSub1Eax] = r[0];
            }

            uint cacheKb = 0;
            uint physicalBits = 36;
            uint virtualBits = 48;
            if (maxExtended >= 0x80000001)
            {
                Cpu.CpuId(0x80000001, 0, r);
                words[CpuFlagNames.Extended1Edx] = r[3];
                words[CpuFlagNames.Extended1Ecx] = r[2];
            }

            if (maxExtended >= 0x80000006)
            {
                Cpu.CpuId(0x80000006, 0, r);
                cacheKb = r[2] >> 16;
            }

            if (maxExtended >= 0x80000007)
            {
                Cpu.CpuId(0x80000007, 0, r);
                if ((r[3] & (1u << 8)) != 0)
                {
                    // An invariant TSC: Linux then sets both synthetic flags.
                    words[CpuFlagNames.Synthetic] |= (1u << CpuFlagNames.ConstantTscBit) | (1u << CpuFlagNames.NonstopTscBit);
                }
            }

            if (maxExtended >= 0x80000008)
            {
                Cpu.CpuId(0x80000008, 0, r);
                physicalBits = r[0] & 0xFF;
                virtualBits = (r[0] >> 8) & 0xFF;
                words[CpuFlagNames.Extended8Ebx] = r[1];
            }

            CpuSignature signature = new CpuSignature(signatureEax);
            text.Append("processor\t: 0\nvendor_id\t: ");
            text.Append(new System.ReadOnlySpan<byte>(vendor, 12));
            text.Append("\ncpu family\t: ");
            text.Decimal((ulong)signature.Family);
            text.Append("\nmodel\t\t: ");
            text.Decimal((ulong)signature.Model);
            text.Append("\nmodel name\t: ");
            WriteBrand(ref text, maxExtended);
            text.Append("\nstepping\t: ");
            text.Decimal((ulong)signature.Stepping);
            text.Append("\nmicrocode\t: 0x1\ncpu MHz\t\t: ");
            ulong khz = Clock.TscHz / 1000;
            text.Fixed(khz, 3);
            if (cacheKb != 0)
            {
                text.Append("\ncache size\t: ");
                text.Decimal((ulong)cacheKb);
                text.Append(" KB");
            }

            text.Append("\nphysical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\napicid\t\t: 0\ninitial apicid\t: 0\n");
            text.Append("fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: ");
            text.Decimal((ulong)maxLeaf);
            text.Append("\nwp\t\t: yes\nflags\t\t:");
            CpuFlagNames.Write(ref text, new System.ReadOnlySpan<uint>(words, CpuFlagNames.WordCount));
            text.Append("\nbugs\t\t:\nbogomips\t: ");
            text.Fixed(khz * 2 / 10, 2);
            text.Append("\nclflush size\t: ");
            text.Decimal((ulong)clflushSize);
            text.Append("\ncache_alignment\t: ");
            text.Decimal((ulong)clflushSize);
            text.Append("\naddress sizes\t: ");
            text.Decimal((ulong)physicalBits);
            text.Append(" bits physical, ");
            text.Decimal((ulong)virtualBits);
            text.Append(" bits virtual\npower management:\n\n");
        }

        // The brand string of leaves 0x80000002-4 with its leading spaces dropped, as Linux does; "unknown" without one.
        private static void WriteBrand(ref ByteWriter text, uint maxExtended)
        {
            if (maxExtended < 0x80000004)
            {
                text.Append("unknown");
                return;
            }

            byte* brand = stackalloc byte[49];
            for (uint leaf = 0; leaf < 3; leaf++)
            {
                Cpu.CpuId(0x80000002 + leaf, 0, (uint*)(brand + (leaf * 16)));
            }

            brand[48] = 0;
            int start = 0;
            while (start < 48 && brand[start] == (byte)' ')
            {
                start++;
            }

            text.AppendUntilNul(new System.ReadOnlySpan<byte>(brand + start, 48 - start));
        }
    }
}
