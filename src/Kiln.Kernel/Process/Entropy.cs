// Randomness for ASLR, AT_RANDOM and getrandom: RDRAND from the CPU, mixed with a xorshift generator seeded from it
// and the TSC, so that a CPU without RDRAND still gets a layout that differs per boot (virtio-rng comes later).
using Kiln.Kernel.Arch.X86_64;

namespace Kiln.Kernel.Process
{
    internal static unsafe class Entropy
    {
        private static ulong s_state;
        private static bool s_hasRdRand;

        public static bool HardwareBacked => s_hasRdRand;

        public static void Initialize()
        {
            uint* registers = stackalloc uint[4];
            Cpu.CpuId(1, 0, registers);
            s_hasRdRand = (registers[2] & (1u << 30)) != 0;
            s_state = Cpu.ReadTimeStampCounter() | 1;
            if (s_hasRdRand)
            {
                ulong seed;
                for (int attempt = 0; attempt < 10; attempt++)
                {
                    if (Cpu.RdRand(&seed))
                    {
                        s_state ^= seed | 1;
                        break;
                    }
                }
            }
        }

        public static ulong Next()
        {
            ulong value;
            if (s_hasRdRand && Cpu.RdRand(&value))
            {
                return value ^ Step();
            }

            return Step();
        }

        public static void Fill(byte* destination, ulong length)
        {
            for (ulong i = 0; i < length; i += 8)
            {
                ulong value = Next();
                for (ulong b = 0; b < 8 && i + b < length; b++)
                {
                    destination[i + b] = (byte)(value >> (int)(b * 8));
                }
            }
        }

        // xorshift64* (Vigna): cheap and adequate for mixing, not for secrets on its own.
        private static ulong Step()
        {
            s_state ^= s_state >> 12;
            s_state ^= s_state << 25;
            s_state ^= s_state >> 27;
            return s_state * 0x2545F4914F6CDD1DUL;
        }
    }
}
