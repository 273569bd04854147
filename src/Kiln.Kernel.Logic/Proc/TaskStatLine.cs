// Formats /proc/<pid>/stat as Linux's do_task_stat does (fs/proc/array.c): 52 space-separated fields on one line,
// the command name in parentheses. Signal masks print only their low 31 bits (as Linux, for old readers), wchan is
// 1 for a sleeping task, and kstkesp, kstkeip, nswap and cnswap are always 0.
using System;
using Kiln.Text;

namespace Kiln.Proc
{
    public static class TaskStatLine
    {
        private const ulong SignalFieldMask = 0x7fffffff;

        public static void Write(ref ByteWriter text, in TaskStat s, ReadOnlySpan<byte> command)
        {
            text.Decimal((long)s.Pid);
            text.Append(" (");
            text.AppendUntilNul(command);
            text.Append(") ");
            text.Append(s.State);
            Signed(ref text, s.ParentPid);
            Signed(ref text, s.ProcessGroup);
            Signed(ref text, s.Session);
            Signed(ref text, s.TerminalNumber);
            Signed(ref text, s.TerminalProcessGroup);
            Unsigned(ref text, s.Flags);
            Unsigned(ref text, s.MinorFaults);
            Unsigned(ref text, s.ChildMinorFaults);
            Unsigned(ref text, s.MajorFaults);
            Unsigned(ref text, s.ChildMajorFaults);
            Unsigned(ref text, s.UserTicks);
            Unsigned(ref text, s.SystemTicks);
            Signed(ref text, s.ChildUserTicks);
            Signed(ref text, s.ChildSystemTicks);
            Signed(ref text, s.Priority);
            Signed(ref text, s.Nice);
            Signed(ref text, s.Threads);
            Signed(ref text, 0); // itrealvalue: no longer maintained
            Unsigned(ref text, s.StartTicks);
            Unsigned(ref text, s.VirtualSize);
            Unsigned(ref text, s.ResidentPages);
            Unsigned(ref text, s.ResidentLimit);
            Unsigned(ref text, s.StartCode);
            Unsigned(ref text, s.EndCode);
            Unsigned(ref text, s.StartStack);
            Unsigned(ref text, 0); // kstkesp
            Unsigned(ref text, 0); // kstkeip
            Unsigned(ref text, s.PendingSignals & SignalFieldMask);
            Unsigned(ref text, s.BlockedSignals & SignalFieldMask);
            Unsigned(ref text, s.IgnoredSignals & SignalFieldMask);
            Unsigned(ref text, s.CaughtSignals & SignalFieldMask);
            Unsigned(ref text, s.Sleeping ? 1UL : 0UL); // wchan
            Unsigned(ref text, 0); // nswap
            Unsigned(ref text, 0); // cnswap
            Signed(ref text, s.ExitSignal);
            Signed(ref text, s.Processor);
            Unsigned(ref text, s.RealtimePriority);
            Unsigned(ref text, s.Policy);
            Unsigned(ref text, 0); // delayacct_blkio_ticks
            Unsigned(ref text, 0); // guest_time
            Signed(ref text, 0); // cguest_time
            Unsigned(ref text, s.StartData);
            Unsigned(ref text, s.EndData);
            Unsigned(ref text, s.StartBrk);
            Unsigned(ref text, s.ArgStart);
            Unsigned(ref text, s.ArgEnd);
            Unsigned(ref text, s.EnvStart);
            Unsigned(ref text, s.EnvEnd);
            Signed(ref text, s.ExitCode);
            text.Append('\n');
        }

        private static void Signed(ref ByteWriter text, long value)
        {
            text.Append(' ');
            text.Decimal(value);
        }

        private static void Unsigned(ref ByteWriter text, ulong value)
        {
            text.Append(' ');
            text.Decimal(value);
        }
    }
}
