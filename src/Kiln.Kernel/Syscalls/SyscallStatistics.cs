// Counts the system calls that returned ENOSYS, by number, and prints them at exit when the manifest asks
// (`kiln run --syscall-summary`), so a user sees what the program wanted that Kiln lacks.
using Kiln.Kernel.Console;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SyscallStatistics
    {
        private const int Capacity = 512;

        private static uint* s_unimplemented;

        public static ulong UnimplementedTotal { get; private set; }

        public static void CountUnimplemented(ulong number)
        {
            UnimplementedTotal++;
            if (s_unimplemented == null)
            {
                s_unimplemented = (uint*)KernelHeap.Allocate(Capacity * sizeof(uint));
            }

            if (number < Capacity)
            {
                s_unimplemented[number]++;
            }
        }

        public static void PrintSummaryIfAsked()
        {
            if (!UserProcess.SyscallSummary)
            {
                return;
            }

            KernelLog.Write("kiln: system calls that returned ENOSYS: ");
            KernelLog.WriteDecimal(UnimplementedTotal);
            KernelLog.WriteLine();
            for (ulong number = 0; s_unimplemented != null && number < Capacity; number++)
            {
                if (s_unimplemented[number] != 0)
                {
                    KernelLog.Write("kiln:   ");
                    KernelLog.Write(SyscallNames.Of(number));
                    KernelLog.Write(" (");
                    KernelLog.WriteDecimal(number);
                    KernelLog.Write("): ");
                    KernelLog.WriteDecimal((ulong)s_unimplemented[number]);
                    KernelLog.WriteLine();
                }
            }
        }
    }
}
