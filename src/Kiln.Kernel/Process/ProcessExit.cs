// How the program ends: a normal exit or a fatal signal. Either way, as a clean shutdown of Linux would, the other
// threads stop for good (none returns to user mode again) and every file system writes back what it holds, so what
// the program wrote survives its exit without an fsync; then the kernel writes the status line kiln reads
// (`kiln: exit N` or `kiln: killed by signal N (NAME)`) on the kernel console and powers the VM off through
// isa-debug-exit with N (exit) or 128 + N (signal), so that QEMU's own status is (value << 1) | 1.
using Kiln.Kernel.Console;
using Kiln.Kernel.Devices;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Syscalls;
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.Process
{
    internal static class ProcessExit
    {
        private static bool s_ending;

        /// <summary>The program has begun to end: its threads must not run user code again.</summary>
        public static bool Ending => s_ending;

        public static void Exit(int status)
        {
            WriteBack();
            SyscallStatistics.PrintSummaryIfAsked();
            PrintKernelStatsIfAsked();
            KernelLog.Write("kiln: exit ");
            KernelLog.WriteDecimal((long)(status & 0xFF));
            KernelLog.WriteLine();
            DebugExit.PowerOff((uint)(status & 0xFF));
        }

        public static void KilledBySignal(int signal)
        {
            WriteBack();
            SyscallStatistics.PrintSummaryIfAsked();
            PrintKernelStatsIfAsked();
            KernelLog.Write("kiln: killed by signal ");
            KernelLog.WriteDecimal((long)signal);
            KernelLog.Write(" (");
            KernelLog.Write(Signals.NameOf(signal));
            KernelLog.WriteLine(")");
            DebugExit.PowerOff((uint)(128 + signal));
        }

        /// <summary>Stops the current thread for good: the program is ending and another thread is powering off.</summary>
        public static void Park()
        {
            for (;;)
            {
                Scheduler.BlockCurrent(Scheduler.Forever, interruptible: false);
            }
        }

        // The commit of every KilnFS volume (and whatever else a file system holds back) may block on the disk, letting
        // other threads run meanwhile: Ending keeps them in the kernel (ReturnToUser parks them), as exit_group kills
        // them on Linux, so nothing changes the files behind the commit. A second thread that reaches here parks.
        private static void WriteBack()
        {
            if (s_ending)
            {
                Park();
            }

            s_ending = true;
            int result = VfsRoot.SyncAll();
            if (result < 0)
            {
                KernelLog.Write("kiln: writing the file systems back at exit failed: errno ");
                KernelLog.WriteDecimal(-result);
                KernelLog.WriteLine();
            }
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
