// /proc/<pid>/status and task/<tid>/status, line for line in the order and format of Linux 6.1's proc_pid_status
// (fs/proc/array.c): sizes as "%8lu kB", signal sets as 16 hex digits, ids tab-separated. Kiln's program runs as
// uid 0 with every capability, on one CPU and one memory node.
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Syscalls;
using Kiln.Linux;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static unsafe class ProcessStatus
    {
        private const int RLIMIT_SIGPENDING = 11;
        private const ulong AllCapabilities = 0x1ffffffffff;

        public static void Write(ref ByteWriter text, long context)
        {
            Thread thread = ProcessView.ThreadOf(context);
            if (thread == null)
            {
                return;
            }

            byte* name = stackalloc byte[16];
            ProcessView.NameOf(thread, name);
            text.Append("Name:\t");
            text.AppendUntilNul(new System.ReadOnlySpan<byte>(name, 16));
            text.Append("\nUmask:\t0022\nState:\t");
            text.Append(StateName(thread));
            text.Append("\nTgid:\t");
            text.Decimal((long)UserProcess.Pid);
            text.Append("\nNgid:\t0\nPid:\t");
            text.Decimal(context);
            text.Append("\nPPid:\t0\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t");
            text.Decimal((long)(thread.Files != null ? thread.Files.Capacity : 0));
            text.Append("\nGroups:\t \nNStgid:\t");
            text.Decimal((long)UserProcess.Pid);
            text.Append("\nNSpid:\t");
            text.Decimal(context);
            text.Append("\nNSpgid:\t");
            text.Decimal((long)UserProcess.Pid);
            text.Append("\nNSsid:\t");
            text.Decimal((long)UserProcess.Pid);
            text.Append('\n');

            ProcessView.MemorySizes sizes = ProcessView.Measure();
            ulong resident = (ulong)UserAddressSpace.ResidentPages * Layout.PageSize;
            Kilobytes(ref text, "VmPeak:\t", sizes.Peak);
            Kilobytes(ref text, "VmSize:\t", sizes.Total);
            Kilobytes(ref text, "VmLck:\t", 0);
            Kilobytes(ref text, "VmPin:\t", 0);
            Kilobytes(ref text, "VmHWM:\t", (ulong)UserAddressSpace.PeakResidentPages * Layout.PageSize);
            Kilobytes(ref text, "VmRSS:\t", resident);
            Kilobytes(ref text, "RssAnon:\t", resident);
            Kilobytes(ref text, "RssFile:\t", 0);
            Kilobytes(ref text, "RssShmem:\t", 0);
            Kilobytes(ref text, "VmData:\t", sizes.Data);
            Kilobytes(ref text, "VmStk:\t", sizes.Stack);
            Kilobytes(ref text, "VmExe:\t", sizes.Exec);
            Kilobytes(ref text, "VmLib:\t", 0);
            Kilobytes(ref text, "VmPTE:\t", 0);
            Kilobytes(ref text, "VmSwap:\t", 0);
            Kilobytes(ref text, "HugetlbPages:\t", 0);
            text.Append("CoreDumping:\t0\nTHP_enabled:\t0\nThreads:\t");
            text.Decimal((long)ThreadRegistry.LiveCount);

            ulong threadPending = thread.Signals.Pending;
            ulong sharedPending = SignalDelivery.ProcessPending;
            InfoCalls.GetLimit(RLIMIT_SIGPENDING, out ulong sigpendingLimit, out _);
            text.Append("\nSigQ:\t");
            text.Decimal((ulong)PopCount(threadPending | sharedPending));
            text.Append('/');
            text.Decimal(sigpendingLimit);
            SignalSet(ref text, "\nSigPnd:\t", threadPending);
            SignalSet(ref text, "\nShdPnd:\t", sharedPending);
            SignalSet(ref text, "\nSigBlk:\t", thread.Signals.Mask);
            ulong ignored = 0;
            ulong caught = 0;
            for (int signal = 1; signal <= SignalNumbers.Count; signal++)
            {
                if (SignalActions.HasHandler(signal))
                {
                    caught |= SignalNumbers.Bit(signal);
                }
                else if (SignalActions.Handler(signal) == SignalAction.SIG_IGN)
                {
                    ignored |= SignalNumbers.Bit(signal);
                }
            }

            SignalSet(ref text, "\nSigIgn:\t", ignored);
            SignalSet(ref text, "\nSigCgt:\t", caught);
            SignalSet(ref text, "\nCapInh:\t", 0);
            SignalSet(ref text, "\nCapPrm:\t", AllCapabilities);
            SignalSet(ref text, "\nCapEff:\t", AllCapabilities);
            SignalSet(ref text, "\nCapBnd:\t", AllCapabilities);
            SignalSet(ref text, "\nCapAmb:\t", 0);
            text.Append("\nNoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
            text.Append("Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t1\nMems_allowed_list:\t0\n");
            text.Append("voluntary_ctxt_switches:\t");
            text.Decimal(thread.VoluntarySwitches);
            text.Append("\nnonvoluntary_ctxt_switches:\t");
            text.Decimal(thread.InvoluntarySwitches);
            text.Append('\n');
        }

        /// <summary>The state letter and word Linux shows: a thread looking at itself, or one in the run queue, is running.</summary>
        public static string StateName(Thread thread) =>
            thread.State == ThreadState.Blocked ? "S (sleeping)" : (thread.State == ThreadState.Dead ? "Z (zombie)" : "R (running)");

        private static void Kilobytes(ref ByteWriter text, string label, ulong bytes)
        {
            text.Append(label);
            text.Decimal(bytes >> 10, 8, (byte)' ');
            text.Append(" kB\n");
        }

        private static void SignalSet(ref ByteWriter text, string label, ulong set)
        {
            text.Append(label);
            text.Hex(set, 16);
        }

        private static int PopCount(ulong value)
        {
            int count = 0;
            while (value != 0)
            {
                value &= value - 1;
                count++;
            }

            return count;
        }
    }
}
