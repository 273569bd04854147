// Every live thread of the program, found by id (tgkill, futex owner checks), and a pool of dead threads whose
// objects and kernel stacks the next clone reuses: without a garbage collector this keeps kernel memory flat
// however many threads come and go.
using Kiln.Kernel.Memory;

namespace Kiln.Kernel.Scheduling
{
    internal static unsafe class ThreadRegistry
    {
        public const ulong KernelStackSize = 64 * 1024;

        private static Thread s_live;
        private static Thread s_pool;
        private static int s_nextId;

        public static int LiveCount { get; private set; }

        /// <summary>CPU time of threads that have exited, for the process-wide clocks and getrusage.</summary>
        public static ulong ExitedUserNs { get; private set; }

        public static ulong ExitedSystemNs { get; private set; }

        public static Thread Live => s_live;

        /// <summary>The program's first thread, whose id is the process id.</summary>
        public static Thread CreateMain(int pid)
        {
            s_nextId = pid + 1;
            return Create(pid);
        }

        /// <summary>A new user thread with the next free id, or null when memory ran out.</summary>
        public static Thread CreateUser() => Create(s_nextId++);

        /// <summary>A thread that never enters user mode (idle, the KilnFS committer); not counted among the program's threads.</summary>
        public static Thread CreateKernel()
        {
            Thread thread = Obtain();
            if (thread != null)
            {
                thread.Reset(0);
                thread.IsKernelThread = true;
            }

            return thread;
        }

        public static Thread Find(int id)
        {
            for (Thread thread = s_live; thread != null; thread = thread.LiveNext)
            {
                if (thread.Id == id)
                {
                    return thread;
                }
            }

            return null;
        }

        /// <summary>Takes an exiting thread off the live list and banks its CPU time.</summary>
        public static void Retire(Thread thread)
        {
            if (thread.LivePrevious == null)
            {
                s_live = thread.LiveNext;
            }
            else
            {
                thread.LivePrevious.LiveNext = thread.LiveNext;
            }

            if (thread.LiveNext != null)
            {
                thread.LiveNext.LivePrevious = thread.LivePrevious;
            }

            thread.LiveNext = null;
            thread.LivePrevious = null;
            LiveCount--;
            ExitedUserNs += thread.UserNs;
            ExitedSystemNs += thread.SystemNs;
        }

        /// <summary>Returns a dead thread, no longer running on its stack, to the pool.</summary>
        public static void Recycle(Thread thread)
        {
            thread.PoolNext = s_pool;
            s_pool = thread;
        }

        private static Thread Create(int id)
        {
            Thread thread = Obtain();
            if (thread == null)
            {
                return null;
            }

            thread.Reset(id);
            thread.LiveNext = s_live;
            thread.LivePrevious = null;
            if (s_live != null)
            {
                s_live.LivePrevious = thread;
            }

            s_live = thread;
            LiveCount++;
            return thread;
        }

        private static Thread Obtain()
        {
            Thread thread = s_pool;
            if (thread != null)
            {
                s_pool = thread.PoolNext;
                thread.PoolNext = null;
                return thread;
            }

            void* stack = KernelHeap.TryAllocate((nuint)KernelStackSize);
            if (stack == null)
            {
                return null;
            }

            thread = new Thread();
            thread.KernelStackBase = (ulong)stack;
            thread.KernelStackTop = (ulong)stack + KernelStackSize;
            return thread;
        }
    }
}
