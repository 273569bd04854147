// The small per-process files of /proc/<pid>: comm (the thread's name, writable as prctl(PR_SET_NAME) is), exe (the
// program's path), limits (getrlimit's values in Linux's table), cgroup (the root of a cgroup-v2 hierarchy that
// has no controllers and no limits: Kiln has no cgroups) and root.
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Syscalls;
using Kiln.Linux;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static unsafe class ProcessFiles
    {
        private const ulong Unlimited = ulong.MaxValue;

        // fs/proc/base.c lnames[]: the name and unit of each RLIMIT_* in order.
        private static readonly string[] s_limitNames =
        {
            "Max cpu time", "Max file size", "Max data size", "Max stack size", "Max core file size", "Max resident set",
            "Max processes", "Max open files", "Max locked memory", "Max address space", "Max file locks",
            "Max pending signals", "Max msgqueue size", "Max nice priority", "Max realtime priority", "Max realtime timeout",
        };

        private static readonly string[] s_limitUnits =
        {
            "seconds", "bytes", "bytes", "bytes", "bytes", "bytes", "processes", "files", "bytes", "bytes", "locks",
            "signals", "bytes", null, null, "us",
        };

        public static void WriteCommand(ref ByteWriter text, long context)
        {
            Thread thread = ProcessView.ThreadOf(context);
            if (thread == null)
            {
                return;
            }

            byte* name = stackalloc byte[16];
            ProcessView.NameOf(thread, name);
            text.AppendUntilNul(new System.ReadOnlySpan<byte>(name, 16));
            text.Append('\n');
        }

        /// <summary>A write to comm renames the thread: up to 15 bytes, as PR_SET_NAME (a trailing newline is kept, as Linux keeps it).</summary>
        public static long SetCommand(byte* data, int length, long context)
        {
            Thread thread = ProcessView.ThreadOf(context);
            if (thread == null)
            {
                return -Errno.ESRCH;
            }

            thread.SetName(data, length < 15 ? length : 15);
            return length;
        }

        public static void WriteExecutable(ref ByteWriter text, long context) =>
            text.Append(new System.ReadOnlySpan<byte>(UserProcess.ExecutablePath, UserProcess.ExecutablePathLength));

        public static void WriteRoot(ref ByteWriter text, long context) => text.Append('/');

        public static void WriteSelf(ref ByteWriter text, long context) => text.Decimal((long)UserProcess.Pid);

        public static void WriteThreadSelf(ref ByteWriter text, long context)
        {
            text.Decimal((long)UserProcess.Pid);
            text.Append("/task/");
            text.Decimal((long)Scheduler.Current.Id);
        }

        public static void WriteCgroup(ref ByteWriter text, long context) => text.Append("0::/\n");

        // fs/proc/base.c proc_pid_limits.
        public static void WriteLimits(ref ByteWriter text, long context)
        {
            text.LeftAligned("Limit", 25);
            text.Append(' ');
            text.LeftAligned("Soft Limit", 20);
            text.Append(' ');
            text.LeftAligned("Hard Limit", 20);
            text.Append(' ');
            text.LeftAligned("Units", 10);
            text.Append('\n');
            for (int resource = 0; resource < s_limitNames.Length; resource++)
            {
                InfoCalls.GetLimit(resource, out ulong soft, out ulong hard);
                text.LeftAligned(s_limitNames[resource], 25);
                text.Append(' ');
                Limit(ref text, soft);
                Limit(ref text, hard);
                if (s_limitUnits[resource] != null)
                {
                    text.LeftAligned(s_limitUnits[resource], 10);
                }

                text.Append('\n');
            }
        }

        private static void Limit(ref ByteWriter text, ulong value)
        {
            if (value == Unlimited)
            {
                text.LeftAligned("unlimited", 20);
            }
            else
            {
                text.LeftAligned(value, 20);
            }

            text.Append(' ');
        }
    }
}
