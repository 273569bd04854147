// futex for a single thread: WAKE finds no waiters; WAIT on a changed word is EAGAIN, and a real wait can only be
// ended by its timeout, because no other thread exists to wake it.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class FutexCalls
    {
        private const ulong FUTEX_WAIT = 0;
        private const ulong FUTEX_WAKE = 1;
        private const ulong FUTEX_WAIT_BITSET = 9;
        private const ulong FUTEX_WAKE_BITSET = 10;
        private const ulong FUTEX_PRIVATE_FLAG = 128;
        private const ulong FUTEX_CLOCK_REALTIME = 256;

        public static long Futex(ref SyscallArguments a)
        {
            ulong operation = a.A1 & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
            if ((a.A0 & 3) != 0)
            {
                return -Errno.EINVAL;
            }

            switch (operation)
            {
                case FUTEX_WAKE:
                case FUTEX_WAKE_BITSET:
                    return UserMemory.Validate(a.A0, 4, Kiln.Memory.RegionProtection.Read) ? 0 : -Errno.EFAULT;
                case FUTEX_WAIT:
                case FUTEX_WAIT_BITSET:
                    return Wait(ref a, operation == FUTEX_WAIT_BITSET);
                default:
                    return -Errno.ENOSYS;
            }
        }

        private static long Wait(ref SyscallArguments a, bool absolute)
        {
            if (!UserMemory.Read(a.A0, out uint current))
            {
                return -Errno.EFAULT;
            }

            if (current != (uint)a.A2)
            {
                return -Errno.EAGAIN;
            }

            if (a.A3 == 0)
            {
                // Nothing can ever wake this thread: the program has deadlocked itself, as it would on Linux.
                for (;;)
                {
                    Arch.X86_64.Cpu.Halt();
                }
            }

            long* timespec = stackalloc long[2];
            if (!UserMemory.CopyFromUser(timespec, a.A3, 16))
            {
                return -Errno.EFAULT;
            }

            if (timespec[0] < 0 || timespec[1] < 0 || timespec[1] >= 1_000_000_000)
            {
                return -Errno.EINVAL;
            }

            ulong value = ((ulong)timespec[0] * 1_000_000_000) + (ulong)timespec[1];
            bool realtime = (a.A1 & FUTEX_CLOCK_REALTIME) != 0;
            ulong now = realtime ? Clock.RealtimeNs() : Clock.MonotonicNs();
            ulong duration = absolute ? (value > now ? value - now : 0) : value;
            Clock.SpinUntil(Clock.MonotonicNs() + duration);
            return -Errno.ETIMEDOUT;
        }
    }
}
