// --trace: one line per system call on the kernel console, `kiln: trace: name(arg, ...) = result`.
using Kiln.Kernel.Console;

namespace Kiln.Kernel.Syscalls
{
    internal static class SyscallTrace
    {
        public static void Write(ulong number, ref SyscallArguments a, long result)
        {
            KernelLog.Write("kiln: trace: ");
            KernelLog.Write(SyscallNames.Of(number));
            KernelLog.Write("(");
            KernelLog.WriteHex(a.A0, 1 + HighestNibble(a.A0));
            KernelLog.Write(", ");
            KernelLog.WriteHex(a.A1, 1 + HighestNibble(a.A1));
            KernelLog.Write(", ");
            KernelLog.WriteHex(a.A2, 1 + HighestNibble(a.A2));
            KernelLog.Write(", ");
            KernelLog.WriteHex(a.A3, 1 + HighestNibble(a.A3));
            KernelLog.Write(") = ");
            KernelLog.WriteDecimal(result);
            if (result < 0 && result > -4096)
            {
                KernelLog.Write(" (errno ");
                KernelLog.WriteDecimal(-result);
                KernelLog.Write(")");
            }

            KernelLog.WriteLine();
        }

        private static int HighestNibble(ulong value)
        {
            int nibble = 0;
            while (nibble < 15 && (value >> ((nibble + 1) * 4)) != 0)
            {
                nibble++;
            }

            return nibble;
        }
    }
}
