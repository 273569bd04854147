// Names of common ELF e_machine values, so an error can say which architecture a rejected program was built for.

namespace Kiln.Host
{
    /// <summary>Maps e_machine numbers to architecture names.</summary>
    public static class ElfMachineNames
    {
        /// <summary>The usual name of <paramref name="machine"/>, or "machine N" if it is not a common one.</summary>
        public static string Name(ushort machine)
        {
            return machine switch
            {
                2 => "SPARC",
                3 => "i386",
                8 => "MIPS",
                20 => "PowerPC",
                21 => "PowerPC64",
                22 => "s390",
                40 => "ARM",
                43 => "SPARC64",
                50 => "IA-64",
                62 => "x86-64",
                183 => "AArch64",
                243 => "RISC-V",
                258 => "LoongArch",
                _ => $"machine {machine}",
            };
        }
    }
}
