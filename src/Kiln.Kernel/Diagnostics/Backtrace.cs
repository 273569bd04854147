// Walks a chain of saved frame pointers and prints return addresses, one per line, in the form kiln symbolizes:
// `kiln:   #N <where> 0x<address>`. Every frame pointer is checked before it is read, so a corrupt chain ends the
// walk instead of faulting.
using Kiln.Kernel.Console;

namespace Kiln.Kernel.Diagnostics
{
    internal static unsafe class Backtrace
    {
        private const int MaxFrames = 32;

        /// <summary>Walks kernel frames: frame pointers must lie in the kernel's half of the address space.</summary>
        public static void Write(ulong pc, ulong rbp, string where)
        {
            KernelLog.WriteLine("kiln: backtrace:");
            int index = 0;
            if (pc != 0)
            {
                Line(index++, where, pc);
            }

            while (index < MaxFrames && rbp >= 0xFFFF800000000000UL && (rbp & 7) == 0)
            {
                ulong next = ((ulong*)rbp)[0];
                ulong returnAddress = ((ulong*)rbp)[1];
                if (returnAddress == 0)
                {
                    break;
                }

                Line(index++, where, returnAddress);
                if (next <= rbp)
                {
                    break;
                }

                rbp = next;
            }
        }

        public static void Line(int index, string where, ulong address)
        {
            KernelLog.Write("kiln:   #");
            KernelLog.WriteDecimal((long)index);
            KernelLog.Write(" ");
            KernelLog.Write(where);
            KernelLog.Write(" ");
            KernelLog.WriteHex(address);
            KernelLog.WriteLine();
        }
    }
}
