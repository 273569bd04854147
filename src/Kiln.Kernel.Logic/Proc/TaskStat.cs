// The values of /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat, in the order proc(5) lists its 52 fields. Times
// are in clock ticks (USER_HZ, 100 per second), sizes in bytes except rss (pages).
namespace Kiln.Proc
{
    public struct TaskStat
    {
        public int Pid;
        public char State;
        public int ParentPid;
        public int ProcessGroup;
        public int Session;
        public int TerminalNumber;
        public int TerminalProcessGroup;
        public uint Flags;
        public ulong MinorFaults;
        public ulong ChildMinorFaults;
        public ulong MajorFaults;
        public ulong ChildMajorFaults;
        public ulong UserTicks;
        public ulong SystemTicks;
        public long ChildUserTicks;
        public long ChildSystemTicks;
        public long Priority;
        public long Nice;
        public long Threads;
        public ulong StartTicks;
        public ulong VirtualSize;
        public ulong ResidentPages;
        public ulong ResidentLimit;
        public ulong StartCode;
        public ulong EndCode;
        public ulong StartStack;
        public ulong PendingSignals;
        public ulong BlockedSignals;
        public ulong IgnoredSignals;
        public ulong CaughtSignals;
        public bool Sleeping;
        public int ExitSignal;
        public int Processor;
        public uint RealtimePriority;
        public uint Policy;
        public ulong StartData;
        public ulong EndData;
        public ulong StartBrk;
        public ulong ArgStart;
        public ulong ArgEnd;
        public ulong EnvStart;
        public ulong EnvEnd;
        public int ExitCode;
    }
}
