// What the program has used and what the machine has: getrusage, times and sysinfo. CPU time is measured per
// thread at every kernel entry and exit (Thread.UserNs/SystemNs); memory is the program's resident pages.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class ResourceCalls
    {
        private const long RUSAGE_SELF = 0;
        private const long RUSAGE_CHILDREN = -1;
        private const long RUSAGE_THREAD = 1;
        private const ulong RusageSize = 144;
        private const ulong SysinfoSize = 112;
        private const ulong UserHz = 100;   // USER_HZ: the unit of times(2)
        private const ulong NsPerSecond = 1_000_000_000;

        // getrusage(who, usage): struct rusage is two timevals and fourteen longs.
        public static long Getrusage(ref SyscallArguments a)
        {
            long who = (int)a.A0;   // an int in the C prototype: the upper half of the register is not defined
            ulong* usage = stackalloc ulong[(int)(RusageSize / 8)];
            for (int i = 0; i < (int)(RusageSize / 8); i++)
            {
                usage[i] = 0;
            }

            ulong user = 0;
            ulong system = 0;
            ulong voluntary = 0;
            ulong involuntary = 0;
            switch (who)
            {
                case RUSAGE_SELF:
                    user = ThreadRegistry.ExitedUserNs;
                    system = ThreadRegistry.ExitedSystemNs;
                    for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
                    {
                        AddThread(thread, ref user, ref system, ref voluntary, ref involuntary);
                    }

                    break;
                case RUSAGE_THREAD:
                    AddThread(Scheduler.Current, ref user, ref system, ref voluntary, ref involuntary);
                    break;
                case RUSAGE_CHILDREN:
                    // No child processes exist: all zero.
                    break;
                default:
                    return -Errno.EINVAL;
            }

            if (who != RUSAGE_CHILDREN)
            {
                usage[0] = user / NsPerSecond;
                usage[1] = user % NsPerSecond / 1000;
                usage[2] = system / NsPerSecond;
                usage[3] = system % NsPerSecond / 1000;
                usage[4] = (ulong)UserAddressSpace.PeakResidentPages * (Layout.PageSize / 1024);   // ru_maxrss, KiB
                usage[8] = (ulong)UserAddressSpace.PagesFaultedIn;                                  // ru_minflt
                usage[16] = voluntary;                                                                // ru_nvcsw
                usage[17] = involuntary;                                                              // ru_nivcsw
            }

            return UserMemory.CopyToUser(a.A1, usage, RusageSize) ? 0 : -Errno.EFAULT;
        }

        // times(buf): CPU times in clock ticks; returns ticks since boot.
        public static long Times(ref SyscallArguments a)
        {
            if (a.A0 != 0)
            {
                ulong user = ThreadRegistry.ExitedUserNs;
                ulong system = ThreadRegistry.ExitedSystemNs;
                ulong ignored = 0;
                for (Thread thread = ThreadRegistry.Live; thread != null; thread = thread.LiveNext)
                {
                    AddThread(thread, ref user, ref system, ref ignored, ref ignored);
                }

                ulong* tms = stackalloc ulong[4];
                tms[0] = user / (NsPerSecond / UserHz);
                tms[1] = system / (NsPerSecond / UserHz);
                tms[2] = 0;
                tms[3] = 0;
                if (!UserMemory.CopyToUser(a.A0, tms, 32))
                {
                    return -Errno.EFAULT;
                }
            }

            return (long)(Clock.MonotonicNs() / (NsPerSecond / UserHz));
        }

        // sysinfo(info): uptime, memory in bytes (mem_unit 1), the number of threads as "procs". Load averages are
        // not computed yet and read 0.
        public static long Sysinfo(ref SyscallArguments a)
        {
            ulong* info = stackalloc ulong[(int)(SysinfoSize / 8)];
            for (int i = 0; i < (int)(SysinfoSize / 8); i++)
            {
                info[i] = 0;
            }

            info[0] = Clock.MonotonicNs() / NsPerSecond;                        // uptime
            info[4] = (ulong)PhysicalMemory.TotalPages * Layout.PageSize;        // totalram
            info[5] = (ulong)PhysicalMemory.FreePages * Layout.PageSize;         // freeram
            ((ushort*)&info[10])[0] = (ushort)ThreadRegistry.LiveCount;           // procs
            ((uint*)&info[13])[0] = 1;                                           // mem_unit
            return UserMemory.CopyToUser(a.A0, info, SysinfoSize) ? 0 : -Errno.EFAULT;
        }

        private static void AddThread(Thread thread, ref ulong user, ref ulong system, ref ulong voluntary, ref ulong involuntary)
        {
            user += thread.UserNs;
            system += thread.SystemNs;
            if (thread == Scheduler.Current)
            {
                system += Clock.MonotonicNs() - thread.ModeSince;
            }

            voluntary += thread.VoluntarySwitches;
            involuntary += thread.InvoluntarySwitches;
        }
    }
}
