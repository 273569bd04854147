// Deliberate kernel faults, asked for on the kernel command line (`kiln.selftest=panic`), so that tests and users can
// see the panic report a real kernel bug produces: registers and a backtrace that kiln names function by function.
using System.Runtime.CompilerServices;
using Kiln.Kernel.Memory;

namespace Kiln.Kernel.Diagnostics
{
    internal static unsafe class SelfTest
    {
        public static void RunIfAsked(ulong commandLinePhysical)
        {
            if (commandLinePhysical != 0 && Contains((byte*)Layout.ToVirtual(commandLinePhysical), "kiln.selftest=panic"))
            {
                DereferenceNull(null);
            }
        }

        // A null dereference in kernel code: the page fault handler turns it into a panic.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void DereferenceNull(int* pointer) => *pointer = 1;

        private static bool Contains(byte* text, string needle)
        {
            for (int start = 0; start < 4096 && text[start] != 0; start++)
            {
                int i = 0;
                while (i < needle.Length && text[start + i] == (byte)needle[i])
                {
                    i++;
                }

                if (i == needle.Length)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
