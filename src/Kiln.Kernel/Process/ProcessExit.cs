// How the program ends: a normal exit or a fatal signal. Either way the kernel writes the status line kiln reads
// (`kiln: exit N` or `kiln: killed by signal N (NAME)`) on the kernel console and powers the VM off through
// isa-debug-exit with N (exit) or 128 + N (signal), so that QEMU's own status is (value << 1) | 1.
using Kiln.Kernel.Console;
using Kiln.Kernel.Devices;
using Kiln.Kernel.Syscalls;

namespace Kiln.Kernel.Process
{
    internal static class ProcessExit
    {
        public static void Exit(int status)
        {
            SyscallStatistics.PrintSummaryIfAsked();
            PrintKernelStatsIfAsked();
            KernelLog.Write("kiln: exit ");
            KernelLog.WriteDecimal((long)(status & 0xFF));
            KernelLog.WriteLine();
            DebugExit.PowerOff((uint)(status & 0xFF));
        }

        public static void KilledBySignal(int signal)
        {
            SyscallStatistics.PrintSummaryIfAsked();
            PrintKernelStatsIfAsked();
            KernelLog.Write("kiln: killed by signal ");
            KernelLog.WriteDecimal((long)signal);
            KernelLog.Write(" (");
            KernelLog.Write(Signals.NameOf(signal));
            KernelLog.WriteLine(")");
            DebugExit.PowerOff((uint)(128 + signal));
        }

        // `kiln.stats=1`: what the kernel heap holds at the end, so tests can check that it stays flat.
        private static void PrintKernelStatsIfAsked()
        {
            if (!Boot.KernelOptions.Stats)
            {
                return;
            }

            KernelLog.Write("kiln: kernel heap in use: ");
            KernelLog.WriteDecimal(Memory.KernelHeap.BytesInUse);
            KernelLog.WriteLine(" bytes");
        }
    }
}
