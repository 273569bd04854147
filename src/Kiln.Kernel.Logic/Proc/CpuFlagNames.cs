// The "flags" of /proc/cpuinfo: CPUID feature bits under the names Linux gives them (arch/x86/include/asm/
// cpufeatures.h), printed in Linux's order (capability word, then bit). Words are numbered as Linux numbers them:
// 0 = CPUID 1 EDX, 1 = 0x80000001 EDX, 3 = Linux's synthetic bits, 4 = CPUID 1 ECX, 6 = 0x80000001 ECX,
// 9 = CPUID 7.0 EBX, 10 = CPUID 0xD.1 EAX, 13 = 0x80000008 EBX, 16 = CPUID 7.0 ECX, 18 = CPUID 7.0 EDX.
// Bits Linux keeps unnamed (OSXSAVE, hidden flags) and bits it derives from MSRs or its own mitigations are left out.
#nullable enable
using System;
using Kiln.Text;

namespace Kiln.Proc
{
    public static class CpuFlagNames
    {
        public const int WordCount = 20;

        public const int Cpuid1Edx = 0;
        public const int Extended1Edx = 1;
        public const int Synthetic = 3;
        public const int Cpuid1Ecx = 4;
        public const int Extended1Ecx = 6;
        public const int Cpuid7Ebx = 9;
        public const int CpuidDSub1Eax = 10;
        public const int Extended8Ebx = 13;
        public const int Cpuid7Ecx = 16;
        public const int Cpuid7Edx = 18;

        // Synthetic bits (word 3) Kiln can vouch for from CPUID alone.
        public const int ConstantTscBit = 8;
        public const int NonstopTscBit = 24;
        public const int CpuidBit = 25;

        private static readonly string?[] s_word0 =
        {
            "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", null, "sep", "mtrr", "pge", "mca", "cmov",
            "pat", "pse36", "pn", "clflush", null, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
        };

        private static readonly string?[] s_word1 =
        {
            null, null, null, null, null, null, null, null, null, null, null, "syscall", null, null, null, null,
            null, null, null, "mp", "nx", null, "mmxext", null, null, "fxsr_opt", "pdpe1gb", "rdtscp", null, "lm", "3dnowext", "3dnow",
        };

        private static readonly string?[] s_word3 =
        {
            null, null, null, null, null, null, null, null, "constant_tsc", null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, "nonstop_tsc", "cpuid", null, null, null, null, null, null,
        };

        private static readonly string?[] s_word4 =
        {
            "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm",
            null, "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", null, "avx", "f16c", "rdrand", "hypervisor",
        };

        private static readonly string?[] s_word6 =
        {
            "lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a", "misalignsse", "3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt", null, "lwp",
            "fma4", "tce", null, "nodeid_msr", null, "tbm", "topoext", "perfctr_core", "perfctr_nb", null, "bpext", "ptsc", "perfctr_llc", "mwaitx", null, null,
        };

        private static readonly string?[] s_word9 =
        {
            "fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", null, "smep", "bmi2", "erms", "invpcid", "rtm", "cqm", null, "mpx", "rdt_a",
            "avx512f", "avx512dq", "rdseed", "adx", "smap", "avx512ifma", "clflushopt", "clwb", "intel_pt", "avx512pf", "avx512er", "avx512cd", "sha_ni", "avx512bw", "avx512vl", null,
        };

        private static readonly string?[] s_word10 =
        {
            "xsaveopt", "xsavec", "xgetbv1", "xsaves", null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        };

        private static readonly string?[] s_word13 =
        {
            "clzero", "irperf", "xsaveerptr", null, "rdpru", null, null, null, null, "wbnoinvd", null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        };

        private static readonly string?[] s_word16 =
        {
            null, "avx512vbmi", "umip", "pku", "ospke", "waitpkg", "avx512_vbmi2", null, "gfni", "vaes", "vpclmulqdq", "avx512_vnni", "avx512_bitalg", "tme", "avx512_vpopcntdq", null,
            "la57", null, null, null, null, null, "rdpid", null, "bus_lock_detect", "cldemote", null, "movdiri", "movdir64b", "enqcmd", "sgx_lc", null,
        };

        private static readonly string?[] s_word18 =
        {
            null, null, "avx512_4vnniw", "avx512_4fmaps", "fsrm", null, null, null, "avx512_vp2intersect", null, "md_clear", null, null, null, "serialize", null,
            "tsxldtrk", null, "pconfig", "arch_lbr", null, null, "amx_bf16", "avx512_fp16", "amx_tile", "amx_int8", null, null, "flush_l1d", "arch_capabilities", null, null,
        };

        /// <summary>Appends " name" for every set bit that has a name, in Linux's order; <paramref name="words"/> is indexed by Linux's word number.</summary>
        public static void Write(ref ByteWriter text, ReadOnlySpan<uint> words)
        {
            for (int word = 0; word < words.Length && word < WordCount; word++)
            {
                string?[]? names = NamesOf(word);
                if (names == null)
                {
                    continue;
                }

                for (int bit = 0; bit < 32; bit++)
                {
                    string? name = names[bit];
                    if ((words[word] & (1u << bit)) != 0 && name != null)
                    {
                        text.Append(' ');
                        text.Append(name);
                    }
                }
            }
        }

        private static string?[]? NamesOf(int word) => word switch
        {
            Cpuid1Edx => s_word0,
            Extended1Edx => s_word1,
            Synthetic => s_word3,
            Cpuid1Ecx => s_word4,
            Extended1Ecx => s_word6,
            Cpuid7Ebx => s_word9,
            CpuidDSub1Eax => s_word10,
            Extended8Ebx => s_word13,
            Cpuid7Ecx => s_word16,
            Cpuid7Edx => s_word18,
            _ => null,
        };
    }
}
