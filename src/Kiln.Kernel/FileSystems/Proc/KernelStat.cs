// /proc/stat, /proc/uptime and /proc/loadavg: CPU time in clock ticks (USER_HZ 100) split as Linux splits it (the
// program's user and system time; the rest of the time since boot is idle), the boot time, the thread counts.
// Kiln keeps no load average, so loadavg's three averages read 0.00; its running/total and last-id fields are real.
using Kiln.Kernel.Process;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Text;

namespace Kiln.Kernel.FileSystems.Proc
{
    internal static class KernelStat
    {
        public static void WriteStat(ref ByteWriter text, long context)
        {
            Times(out ulong user, out ulong system, out ulong idle);
            ulong tick = ProcessStat.NanosecondsPerTick;
            for (int line = 0; line < 2; line++)
            {
                text.Append(line == 0 ? "cpu  " : "cpu0 ");
                text.Decimal(user / tick);
                text.Append(" 0 ");
                text.Decimal(system / tick);
                text.Append(' ');
                text.Decimal(idle / tick);
                text.Append(" 0 0 0 0 0 0\n");
            }

            int running = 0;
            for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
            {
                if (thread.State != ThreadState.Blocked)
                {
                    running++;
                }
            }

            text.Append("intr 0\nctxt ");
            text.Decimal(ContextSwitches());
            text.Append("\nbtime ");
            text.Decimal((Clock.RealtimeNs() - Clock.MonotonicNs()) / 1_000_000_000);
            text.Append("\nprocesses 1\nprocs_running ");
            text.Decimal((ulong)running);
            text.Append("\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n");
        }

        // fs/proc/uptime.c: "%lu.%02lu %lu.%02lu\n", seconds since boot and idle seconds.
        public static void WriteUptime(ref ByteWriter text, long context)
        {
            Times(out _, out _, out ulong idle);
            text.Fixed(Clock.MonotonicNs() / 10_000_000, 2);
            text.Append(' ');
            text.Fixed(idle / 10_000_000, 2);
            text.Append('\n');
        }

        // fs/proc/loadavg.c: "%lu.%02lu %lu.%02lu %lu.%02lu %u/%d %d\n".
        public static void WriteLoadAverage(ref ByteWriter text, long context)
        {
            int running = 0;
            for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
            {
                if (thread.State != ThreadState.Blocked)
                {
                    running++;
                }
            }

            text.Append("0.00 0.00 0.00 ");
            text.Decimal((ulong)running);
            text.Append('/');
            text.Decimal((ulong)ThreadRegistry.LiveCount);
            text.Append(' ');
            text.Decimal((ulong)TaskDirectory.LastThreadId());
            text.Append('\n');
        }

        private static void Times(out ulong user, out ulong system, out ulong idle)
        {
            user = ThreadRegistry.ExitedUserNs;
            system = ThreadRegistry.ExitedSystemNs;
            for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
            {
                user += thread.UserNs;
                system += thread.SystemNs;
            }

            ulong uptime = Clock.MonotonicNs();
            idle = uptime > user + system ? uptime - user - system : 0;
        }

        private static ulong ContextSwitches()
        {
            ulong count = 0;
            for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
            {
                count += thread.VoluntarySwitches + thread.InvoluntarySwitches;
            }

            return count;
        }
    }
}
