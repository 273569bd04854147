// futex(2): WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE and WAKE_OP, with relative and absolute
// timeouts on either clock. The private flag changes nothing: there is one address space. PI futexes and
// futex_waitv return ENOSYS (counted).
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Linux;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class FutexCalls
    {
        private const ulong FUTEX_WAIT = 0;
        private const ulong FUTEX_WAKE = 1;
        private const ulong FUTEX_REQUEUE = 3;
        private const ulong FUTEX_CMP_REQUEUE = 4;
        private const ulong FUTEX_WAKE_OP = 5;
        private const ulong FUTEX_WAIT_BITSET = 9;
        private const ulong FUTEX_WAKE_BITSET = 10;
        private const ulong FUTEX_PRIVATE_FLAG = 128;
        private const ulong FUTEX_CLOCK_REALTIME = 256;
        private const ulong NsPerSecond = 1_000_000_000;

        // futex(uaddr, op, val, timeout or val2, uaddr2, val3)
        public static long Futex(ref SyscallArguments a)
        {
            ulong operation = a.A1 & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
            if ((a.A0 & 3) != 0)
            {
                return -Errno.EINVAL;
            }

            bool realtime = (a.A1 & FUTEX_CLOCK_REALTIME) != 0;
            if (realtime && operation != FUTEX_WAIT && operation != FUTEX_WAIT_BITSET)
            {
                return -Errno.ENOSYS;
            }

            switch (operation)
            {
                case FUTEX_WAIT:
                    return Wait(a.A0, (uint)a.A2, a.A3, absolute: false, realtime, FutexTable.MatchAny);
                case FUTEX_WAIT_BITSET:
                    return (uint)a.A5 == 0 ? -Errno.EINVAL : Wait(a.A0, (uint)a.A2, a.A3, absolute: true, realtime, (uint)a.A5);
                case FUTEX_WAKE:
                    return Wake(a.A0, a.A2, FutexTable.MatchAny);
                case FUTEX_WAKE_BITSET:
                    return (uint)a.A5 == 0 ? -Errno.EINVAL : Wake(a.A0, a.A2, (uint)a.A5);
                case FUTEX_REQUEUE:
                    return Requeue(ref a, compare: false);
                case FUTEX_CMP_REQUEUE:
                    return Requeue(ref a, compare: true);
                case FUTEX_WAKE_OP:
                    return WakeOp(ref a);
                default:
                    return -Errno.ENOSYS;
            }
        }

        /// <summary>Wakes one waiter on a futex word: what thread exit does for CLONE_CHILD_CLEARTID and robust lists.</summary>
        public static void WakeOne(ulong address) => FutexTable.Wake(address, 1, FutexTable.MatchAny);

        private static long Wait(ulong address, uint expected, ulong timeout, bool absolute, bool realtime, uint bitset)
        {
            ulong deadline = Scheduler.Forever;
            if (timeout != 0)
            {
                long* timespec = stackalloc long[2];
                if (!UserMemory.CopyFromUser(timespec, timeout, 16))
                {
                    return -Errno.EFAULT;
                }

                if (timespec[0] < 0 || timespec[1] < 0 || timespec[1] >= (long)NsPerSecond)
                {
                    return -Errno.EINVAL;
                }

                ulong value = TimeCalls.Saturate((ulong)timespec[0], (ulong)timespec[1]);
                deadline = absolute ? TimeCalls.ToMonotonicDeadline(value, realtime) : TimeCalls.AddSaturating(Clock.MonotonicNs(), value);
            }

            if (!UserMemory.Read(address, out uint current))
            {
                return -Errno.EFAULT;
            }

            if (current != expected)
            {
                return -Errno.EAGAIN;
            }

            switch (FutexTable.Wait(address, bitset, deadline))
            {
                case WakeReason.TimedOut:
                    return -Errno.ETIMEDOUT;
                case WakeReason.Interrupted:
                    // Linux restarts an untimed wait after a handler with SA_RESTART; a timed one reports EINTR.
                    return timeout == 0 ? -Errno.ERESTARTSYS : -Errno.EINTR;
                default:
                    return 0;
            }
        }

        private static long Wake(ulong address, ulong count, uint bitset)
        {
            if (!UserMemory.Validate(address, 4, Kiln.Memory.RegionProtection.Read))
            {
                return -Errno.EFAULT;
            }

            return FutexTable.Wake(address, ClampCount(count), bitset);
        }

        // FUTEX_REQUEUE / FUTEX_CMP_REQUEUE: the timeout slot carries the requeue count, val3 the expected value.
        private static long Requeue(ref SyscallArguments a, bool compare)
        {
            if ((a.A4 & 3) != 0)
            {
                return -Errno.EINVAL;
            }

            if (!UserMemory.Read(a.A0, out uint current))
            {
                return -Errno.EFAULT;
            }

            if (compare && current != (uint)a.A5)
            {
                return -Errno.EAGAIN;
            }

            return FutexTable.Requeue(a.A0, a.A4, ClampCount(a.A2), ClampCount(a.A3));
        }

        // FUTEX_WAKE_OP: atomically (the kernel is not preemptible) apply an operation to *uaddr2, wake up to val
        // waiters on uaddr, and if the old value of *uaddr2 passes the comparison wake up to val2 on uaddr2.
        private static long WakeOp(ref SyscallArguments a)
        {
            ulong address2 = a.A4;
            uint encoded = (uint)a.A5;
            if ((address2 & 3) != 0)
            {
                return -Errno.EINVAL;
            }

            if (!UserMemory.Read(address2, out uint old))
            {
                return -Errno.EFAULT;
            }

            uint operation = (encoded >> 28) & 7;
            bool shiftArgument = (encoded & (8u << 28)) != 0;
            uint comparison = (encoded >> 24) & 15;
            uint argument = (encoded >> 12) & 0xFFF;
            uint comparand = encoded & 0xFFF;
            if (shiftArgument)
            {
                argument = argument > 31 ? 0 : 1u << (int)argument;
            }

            uint updated;
            switch (operation)
            {
                case 0: updated = argument; break;
                case 1: updated = old + argument; break;
                case 2: updated = old | argument; break;
                case 3: updated = old & ~argument; break;
                case 4: updated = old ^ argument; break;
                default: return -Errno.ENOSYS;
            }

            if (!UserMemory.Write(address2, updated))
            {
                return -Errno.EFAULT;
            }

            int woken = FutexTable.Wake(a.A0, ClampCount(a.A2), FutexTable.MatchAny);
            bool passes;
            switch (comparison)
            {
                case 0: passes = old == comparand; break;
                case 1: passes = old != comparand; break;
                case 2: passes = (int)old < (int)comparand; break;
                case 3: passes = (int)old <= (int)comparand; break;
                case 4: passes = (int)old > (int)comparand; break;
                case 5: passes = (int)old >= (int)comparand; break;
                default: return -Errno.ENOSYS;
            }

            if (passes)
            {
                woken += FutexTable.Wake(address2, ClampCount(a.A3), FutexTable.MatchAny);
            }

            return woken;
        }

        private static int ClampCount(ulong count) => (int)count < 0 ? int.MaxValue : (int)count;
    }
}
