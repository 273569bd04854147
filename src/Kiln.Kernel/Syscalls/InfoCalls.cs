// System information and limits: uname, getrandom, prlimit64, getrlimit, sched_getaffinity, sched_yield.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Process;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class InfoCalls
    {
        private const int UtsFieldLength = 65;
        private const int ResourceCount = 16;
        private const ulong Infinity = ulong.MaxValue;
        private const ulong RLIMIT_STACK = 3;
        private const ulong RLIMIT_NOFILE = 7;
        private const ulong MaxGetrandom = 33554431;
        private const int NrOpen = 1 << 20;

        // What uname reports; /proc/version and /proc/sys/kernel/{ostype,hostname,osrelease} say the same.
        public const string SysName = "Linux";
        public const string NodeName = "kiln";
        public const string Release = "6.1.0-kiln";
        public const string Version = "#1 SMP Kiln unikernel";

        // Soft and hard limits per resource; Linux's defaults for a fresh process, recorded when the program sets them.
        private static ulong* s_limits;

        public static long Uname(ref SyscallArguments a)
        {
            byte* uts = stackalloc byte[UtsFieldLength * 6];
            Arch.X86_64.Cpu.FillMemory(uts, 0, UtsFieldLength * 6);
            Put(uts, 0, SysName);
            Put(uts, 1, NodeName);
            Put(uts, 2, Release);
            Put(uts, 3, Version);
            Put(uts, 4, "x86_64");
            Put(uts, 5, "(none)");
            return UserMemory.CopyToUser(a.A0, uts, UtsFieldLength * 6) ? 0 : -Errno.EFAULT;
        }

        private static void Put(byte* uts, int field, string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                uts[(field * UtsFieldLength) + i] = (byte)text[i];
            }
        }

        public static long Getrandom(ref SyscallArguments a)
        {
            const ulong GRND_NONBLOCK = 1;
            const ulong GRND_RANDOM = 2;
            const ulong GRND_INSECURE = 4;
            if ((a.A2 & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0)
            {
                return -Errno.EINVAL;
            }

            ulong length = a.A1 > MaxGetrandom ? MaxGetrandom : a.A1;
            byte* chunk = stackalloc byte[256];
            ulong done = 0;
            while (done < length)
            {
                ulong size = length - done > 256 ? 256 : length - done;
                Entropy.Fill(chunk, size);
                if (!UserMemory.CopyToUser(a.A0 + done, chunk, size))
                {
                    return done > 0 ? (long)done : -Errno.EFAULT;
                }

                done += size;
            }

            return (long)done;
        }

        public static long Prlimit64(ref SyscallArguments a)
        {
            if (a.A0 != 0 && a.A0 != UserProcess.Pid)
            {
                return -Errno.ESRCH;
            }

            return Limit(a.A1, a.A2, a.A3);
        }

        public static long Getrlimit(ref SyscallArguments a) => Limit(a.A0, 0, a.A1);

        /// <summary>RLIMIT_NOFILE's soft limit, capped at Linux's nr_open (2^20): descriptor numbers stay below it.</summary>
        public static int OpenFileLimit
        {
            get
            {
                EnsureLimits();
                ulong soft = s_limits[RLIMIT_NOFILE * 2];
                return soft > NrOpen ? NrOpen : (int)soft;
            }
        }

        /// <summary>The soft and hard limits of <paramref name="resource"/> (RLIMIT_*), as getrlimit reports them (/proc/self/limits).</summary>
        public static void GetLimit(int resource, out ulong soft, out ulong hard)
        {
            EnsureLimits();
            soft = s_limits[resource * 2];
            hard = s_limits[(resource * 2) + 1];
        }

        private static long Limit(ulong resource, ulong newLimit, ulong oldLimit)
        {
            if (resource >= ResourceCount)
            {
                return -Errno.EINVAL;
            }

            EnsureLimits();
            ulong* slot = s_limits + (resource * 2);
            ulong* incoming = stackalloc ulong[2];
            if (newLimit != 0)
            {
                if (!UserMemory.CopyFromUser(incoming, newLimit, 16))
                {
                    return -Errno.EFAULT;
                }

                if (incoming[0] > incoming[1])
                {
                    return -Errno.EINVAL;
                }

                // Raising a hard limit needs privilege the program does not have.
                if (incoming[1] > slot[1])
                {
                    return -Errno.EPERM;
                }
            }

            if (oldLimit != 0 && !UserMemory.CopyToUser(oldLimit, slot, 16))
            {
                return -Errno.EFAULT;
            }

            if (newLimit != 0)
            {
                slot[0] = incoming[0];
                slot[1] = incoming[1];
            }

            return 0;
        }

        private static void EnsureLimits()
        {
            if (s_limits != null)
            {
                return;
            }

            s_limits = (ulong*)KernelHeap.Allocate(ResourceCount * 16);
            for (int i = 0; i < ResourceCount * 2; i++)
            {
                s_limits[i] = Infinity;
            }

            s_limits[RLIMIT_STACK * 2] = 8UL << 20;
            s_limits[RLIMIT_NOFILE * 2] = 1024;
            s_limits[(RLIMIT_NOFILE * 2) + 1] = 4096;
        }
    }
}
