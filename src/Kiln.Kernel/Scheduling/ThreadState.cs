// Where a thread is in its life. Exactly one thread per CPU is Running; Runnable ones wait in a run queue; Blocked
// ones wait on a WaitQueue, a timer or both; Dead ones wait for their stack to be recycled.
namespace Kiln.Kernel.Scheduling
{
    internal enum ThreadState
    {
        Runnable,
        Running,
        Blocked,
        Dead,
    }
}
