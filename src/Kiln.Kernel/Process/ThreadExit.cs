// What happens when a thread ends: its robust futexes are marked FUTEX_OWNER_DIED and a waiter woken, its
// CLONE_CHILD_CLEARTID word is zeroed and futex-woken (pthread_join waits on it), and it leaves the scheduler.
// The last thread to exit ends the program with its status, as on Linux.
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Syscalls;

namespace Kiln.Kernel.Process
{
    internal static class ThreadExit
    {
        private const uint FUTEX_WAITERS = 0x80000000;
        private const uint FUTEX_OWNER_DIED = 0x40000000;
        private const uint FUTEX_TID_MASK = 0x3FFFFFFF;
        private const int RobustListLimit = 2048;   // ROBUST_LIST_LIMIT: a cycle in the list must not hang the kernel

        public static void ExitCurrent(int status)
        {
            Thread current = Scheduler.Current;
            ReleaseRobustFutexes(current);
            if (current.ClearChildTid != 0 && UserMemory.Write(current.ClearChildTid, 0u))
            {
                FutexCalls.WakeOne(current.ClearChildTid);
            }

            if (ThreadRegistry.LiveCount == 1)
            {
                ProcessExit.Exit(status);
            }

            current.Files.Drop();
            current.Files = null;

            Scheduler.ExitCurrent();
        }

        // struct robust_list_head { robust_list *next; long futex_offset; robust_list *list_op_pending; }
        private static void ReleaseRobustFutexes(Thread thread)
        {
            ulong head = thread.RobustList;
            if (head == 0
                || !UserMemory.Read(head, out ulong entry)
                || !UserMemory.Read(head + 8, out long offset)
                || !UserMemory.Read(head + 16, out ulong pending))
            {
                return;
            }

            for (int walked = 0; entry != head && entry != 0 && walked < RobustListLimit; walked++)
            {
                ulong next;
                if (!UserMemory.Read(entry & ~1UL, out next))
                {
                    return;
                }

                if ((entry & ~1UL) != pending)
                {
                    MarkOwnerDied((entry & ~1UL) + (ulong)offset, thread.Id);
                }

                entry = next;
            }

            if (pending != 0)
            {
                MarkOwnerDied((pending & ~1UL) + (ulong)offset, thread.Id);
            }
        }

        private static void MarkOwnerDied(ulong word, int tid)
        {
            if (!UserMemory.Read(word, out uint value) || (value & FUTEX_TID_MASK) != (uint)tid)
            {
                return;
            }

            uint updated = (value & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
            if (UserMemory.Write(word, updated) && (value & FUTEX_WAITERS) != 0)
            {
                FutexCalls.WakeOne(word);
            }
        }
    }
}
