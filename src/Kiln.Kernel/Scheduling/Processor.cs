// One CPU's scheduling state: the thread it runs, its idle thread, its run queue and timers. Everything the
// scheduler keeps per CPU lives here, so SMP means one Processor per CPU (found through the per-CPU block) rather
// than a rewrite. Today there is the boot CPU only.
namespace Kiln.Kernel.Scheduling
{
    internal sealed class Processor
    {
        private static Processor s_boot;

        public readonly RunQueue RunQueue = new RunQueue();
        public readonly TimerQueue Timers = new TimerQueue();
        public Thread CurrentThread;
        public Thread Idle;

        /// <summary>Set when the running thread should give up the CPU at its next return to user mode.</summary>
        public bool NeedsReschedule;

        /// <summary>Monotonic time at which the running thread's time slice ends.</summary>
        public ulong SliceEnd;

        /// <summary>The monotonic time the local APIC timer is armed for (ulong.MaxValue when stopped).</summary>
        public ulong ArmedDeadline = ulong.MaxValue;

        /// <summary>A thread that exited and switched away: its stack is recycled once the next thread runs.</summary>
        public Thread PreviousDead;

        public static Processor Current => s_boot;

        public static void InitializeBoot() => s_boot = new Processor();
    }
}
