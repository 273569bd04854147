// /proc/<pid>/stat, task/<tid>/stat and /proc/<pid>/statm. The process's stat sums the CPU time of every thread,
// live and exited; a thread's shows its own. Times are clock ticks of 10 ms (USER_HZ 100).
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Syscalls;
using Kiln.Linux;
using Kiln.Proc;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static unsafe class ProcessStat
    {
        public const ulong NanosecondsPerTick = 10_000_000;
        private const int RLIMIT_RSS = 5;
        private const int SIGCHLD = 17;

        public static void Write(ref ByteWriter text, long context)
        {
            Thread thread = ProcessView.ThreadOf(context);
            if (thread == null)
            {
                return;
            }

            bool whole = ProcessView.IsProcess(context);
            ulong userNs = thread.UserNs;
            ulong systemNs = thread.SystemNs;
            if (whole)
            {
                userNs = ThreadRegistry.ExitedUserNs;
                systemNs = ThreadRegistry.ExitedSystemNs;
                for (Thread t = ThreadRegistry.Live; t != null; t = t.LiveNext)
                {
                    userNs += t.UserNs;
                    systemNs += t.SystemNs;
                }
            }

            ProcessView.MemorySizes sizes = ProcessView.Measure();
            InfoCalls.GetLimit(RLIMIT_RSS, out ulong rssLimit, out _);
            ProcessStartup.ArgumentRanges(out ulong argStart, out ulong argEnd, out ulong envStart, out ulong envEnd);
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

            TaskStat stat = default;
            stat.Pid = (int)context;
            stat.State = thread.State == ThreadState.Blocked ? 'S' : 'R';
            stat.ProcessGroup = UserProcess.Pid;
            stat.Session = UserProcess.Pid;
            stat.TerminalProcessGroup = -1;
            stat.Flags = 0x400000; // PF_RANDOMIZE: Kiln randomizes every layout
            stat.MinorFaults = (ulong)UserAddressSpace.PagesFaultedIn;
            stat.UserTicks = userNs / NanosecondsPerTick;
            stat.SystemTicks = systemNs / NanosecondsPerTick;
            stat.Priority = 20;
            stat.Threads = ThreadRegistry.LiveCount;
            stat.StartTicks = ProcFileSystem.ProcessStartNs / NanosecondsPerTick;
            stat.VirtualSize = sizes.Total;
            stat.ResidentPages = (ulong)UserAddressSpace.ResidentPages;
            stat.ResidentLimit = rssLimit;
            stat.StartCode = sizes.StartCode;
            stat.EndCode = sizes.EndCode;
            stat.StartStack = UserProcess.StackStart;
            stat.PendingSignals = thread.Signals.Pending | (whole ? SignalDelivery.ProcessPending : 0);
            stat.BlockedSignals = thread.Signals.Mask;
            stat.IgnoredSignals = ignored;
            stat.CaughtSignals = caught;
            stat.Sleeping = thread.State == ThreadState.Blocked;
            stat.ExitSignal = thread.Id == UserProcess.Pid ? SIGCHLD : -1;
            stat.StartData = sizes.StartData;
            stat.EndData = sizes.EndData;
            stat.StartBrk = UserProcess.BrkStart;
            stat.ArgStart = argStart;
            stat.ArgEnd = argEnd;
            stat.EnvStart = envStart;
            stat.EnvEnd = envEnd;

            byte* name = stackalloc byte[16];
            ProcessView.NameOf(thread, name);
            TaskStatLine.Write(ref text, stat, new System.ReadOnlySpan<byte>(name, 16));
        }

        // fs/proc/array.c proc_pid_statm: size resident shared text lib data dt, in pages.
        public static void WriteStatm(ref ByteWriter text, long context)
        {
            ProcessView.MemorySizes sizes = ProcessView.Measure();
            text.Decimal(sizes.Total / Layout.PageSize);
            text.Append(' ');
            text.Decimal((ulong)UserAddressSpace.ResidentPages);
            text.Append(" 0 ");
            text.Decimal(sizes.Exec / Layout.PageSize);
            text.Append(" 0 ");
            text.Decimal((sizes.Data + sizes.Stack) / Layout.PageSize);
            text.Append(" 0\n");
        }
    }
}
