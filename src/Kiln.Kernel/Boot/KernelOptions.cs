// Options on the kernel command line (QEMU -append; kiln passes KILN_KERNEL_CMDLINE there): words such as
// `kiln.stats=1` (print kernel memory use at exit) and `kiln.selftest=panic` (see SelfTest).
using Kiln.Kernel.Memory;

namespace Kiln.Kernel.Boot
{
    internal static unsafe class KernelOptions
    {
        private const int MaxLength = 4096;

        private static byte* s_commandLine;

        /// <summary>`kiln.stats=1`: report the kernel heap's bytes in use when the program ends.</summary>
        public static bool Stats { get; private set; }

        /// <summary>`kiln.verbose=1` (kiln run --verbose): print boot messages, the disks found and the file systems mounted.</summary>
        public static bool Verbose { get; private set; }

        public static void Initialize(ulong commandLinePhysical)
        {
            s_commandLine = commandLinePhysical == 0 ? null : (byte*)Layout.ToVirtual(commandLinePhysical);
            Stats = Has("kiln.stats=1");
            Verbose = Has("kiln.verbose=1");
        }

        /// <summary>
        /// The decimal number of a `<paramref name="key"/>=N` word on the command line (such as `kiln.selftest.port=8080`);
        /// false when there is none or N is not a number below 2^32.
        /// </summary>
        public static bool TryGetNumber(string key, out ulong value)
        {
            value = 0;
            if (s_commandLine == null)
            {
                return false;
            }

            for (int start = 0; start < MaxLength && s_commandLine[start] != 0; start++)
            {
                if (start > 0 && s_commandLine[start - 1] != (byte)' ')
                {
                    continue;
                }

                int i = 0;
                while (i < key.Length && start + i < MaxLength && s_commandLine[start + i] == (byte)key[i])
                {
                    i++;
                }

                if (i != key.Length || start + i >= MaxLength || s_commandLine[start + i] != (byte)'=')
                {
                    continue;
                }

                int digits = 0;
                ulong number = 0;
                for (int at = start + i + 1; at < MaxLength && s_commandLine[at] >= (byte)'0' && s_commandLine[at] <= (byte)'9' && digits < 10; at++)
                {
                    number = (number * 10) + (ulong)(s_commandLine[at] - (byte)'0');
                    digits++;
                }

                int end = start + i + 1 + digits;
                byte after = end < MaxLength ? s_commandLine[end] : (byte)0;
                if (digits > 0 && number <= uint.MaxValue && (after == 0 || after == (byte)' '))
                {
                    value = number;
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="word"/> appears on the command line as a whole space-separated word.</summary>
        public static bool Has(string word)
        {
            if (s_commandLine == null)
            {
                return false;
            }

            for (int start = 0; start < MaxLength && s_commandLine[start] != 0; start++)
            {
                if (start > 0 && s_commandLine[start - 1] != (byte)' ')
                {
                    continue;
                }

                int i = 0;
                while (i < word.Length && start + i < MaxLength && s_commandLine[start + i] == (byte)word[i])
                {
                    i++;
                }

                byte after = start + i < MaxLength ? s_commandLine[start + i] : (byte)0;
                if (i == word.Length && (after == 0 || after == (byte)' '))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
