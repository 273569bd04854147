// Which thread runs: round robin over the CPU's run queue with a time slice, preemption by the local APIC timer when
// a thread returns to user mode, blocking and waking, and an idle thread that halts until the next interrupt.
//
// The kernel itself is not preemptible: it runs with interrupts off, except in the idle thread's halt, so a system
// call runs to completion or until it blocks. Interrupts arrive in user mode (or in idle); a timer interrupt that
// finds the slice used up sets NeedsReschedule, and the thread yields on its way back to user mode.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Diagnostics;
using Kiln.Kernel.Time;

namespace Kiln.Kernel.Scheduling
{
    internal static unsafe class Scheduler
    {
        /// <summary>A deadline that never comes.</summary>
        public const ulong Forever = ulong.MaxValue;

        public const ulong TimeSliceNs = 10_000_000;

        private const ulong IdleStackSize = ThreadRegistry.KernelStackSize;

        public static Thread Current => Processor.Current.CurrentThread;

        /// <summary>False during boot, before the first thread starts: no timers or threads can be started yet.</summary>
        public static bool IsRunning => Processor.Current != null;

        /// <summary>Makes <paramref name="first"/> the running thread and creates the idle thread; the caller enters user mode.</summary>
        public static void Start(Thread first)
        {
            Processor.InitializeBoot();
            Processor cpu = Processor.Current;
            cpu.Idle = ThreadRegistry.CreateKernel();
            if (cpu.Idle == null)
            {
                Panic.Stop("no memory for the idle thread");
            }

            PrepareKernelThread(cpu.Idle, (ulong)(delegate*<void>)&IdleLoop);
            ulong now = Clock.MonotonicNs();
            first.State = ThreadState.Running;
            first.ModeSince = Cpu.ReadTimeStampCounter();
            cpu.CurrentThread = first;
            cpu.SliceEnd = now + TimeSliceNs;
            LoadThreadState(first);
        }

        /// <summary>Lays out a new user thread's stack so that its first switch starts it at its TrapFrame.</summary>
        public static void PrepareUserThread(Thread thread)
        {
            // From the fxsave area down: the start address kiln_switch returns to, then the six callee-saved
            // registers it pops (all zero).
            ulong* stack = (ulong*)thread.FpuState;
            *--stack = (ulong)(delegate*<void>)&ThreadStart;
            for (int i = 0; i < 6; i++)
            {
                *--stack = 0;
            }

            thread.SavedStackPointer = (ulong)stack;
        }

        /// <summary>
        /// Adds a runnable thread to the run queue. When the queue was empty the timer may be armed for a distant
        /// deadline only (or not at all): re-arm it so the running thread's time slice ends on time, or a thread
        /// woken by a system call could wait behind a program spinning in user mode until that deadline.
        /// </summary>
        public static void MakeRunnable(Thread thread)
        {
            thread.State = ThreadState.Runnable;
            Processor cpu = Processor.Current;
            bool wasEmpty = cpu.RunQueue.IsEmpty;
            cpu.RunQueue.Enqueue(thread);
            if (wasEmpty && cpu.CurrentThread != cpu.Idle)
            {
                ReprogramTimer();
            }
        }

        /// <summary>
        /// Ends <paramref name="thread"/>'s wait (whether on a queue, a timer or both) with <paramref name="reason"/>;
        /// false when it was not blocked.
        /// </summary>
        public static bool Wake(Thread thread, WakeReason reason)
        {
            if (thread.WaitingOn != null)
            {
                thread.WaitingOn.Remove(thread);
            }

            Processor.Current.Timers.Cancel(thread.WakeTimer);
            if (thread.State != ThreadState.Blocked)
            {
                return false;
            }

            thread.WakeReason = reason;
            MakeRunnable(thread);
            return true;
        }

        /// <summary>Ends an interruptible wait because a signal arrived for <paramref name="thread"/>.</summary>
        public static void Interrupt(Thread thread)
        {
            if (thread.State == ThreadState.Blocked && thread.Interruptible)
            {
                Wake(thread, WakeReason.Interrupted);
            }
        }

        /// <summary>
        /// Blocks the current thread (already on a wait queue, or on none for a plain sleep) until woken or until
        /// <paramref name="deadline"/>.
        /// </summary>
        public static WakeReason BlockCurrent(ulong deadline, bool interruptible)
        {
            Processor cpu = Processor.Current;
            Thread current = cpu.CurrentThread;
            current.WakeReason = WakeReason.None;
            current.Interruptible = interruptible;
            if (deadline != Forever)
            {
                if (deadline <= Clock.MonotonicNs())
                {
                    if (current.WaitingOn != null)
                    {
                        current.WaitingOn.Remove(current);
                    }

                    return WakeReason.TimedOut;
                }

                cpu.Timers.Add(current.WakeTimer, deadline);
            }

            current.State = ThreadState.Blocked;
            current.VoluntarySwitches++;
            SwitchTo(PickNext(cpu));
            current.Interruptible = false;
            return current.WakeReason;
        }

        /// <summary>Sleeps until the monotonic <paramref name="deadline"/>, or until a signal when interruptible.</summary>
        public static WakeReason SleepUntil(ulong deadline, bool interruptible)
        {
            if (interruptible && Current.HasPendingSignal)
            {
                return WakeReason.Interrupted;
            }

            return BlockCurrent(deadline, interruptible);
        }

        /// <summary>
        /// Gives the CPU to the next runnable thread, if any; the current thread goes to the back of the queue.
        /// <paramref name="preempted"/> says its time slice ran out rather than it asked (sched_yield).
        /// </summary>
        public static void Yield(bool preempted)
        {
            Processor cpu = Processor.Current;
            cpu.NeedsReschedule = false;
            if (cpu.RunQueue.IsEmpty)
            {
                cpu.SliceEnd = Clock.MonotonicNs() + TimeSliceNs;
                return;
            }

            Thread current = cpu.CurrentThread;
            if (preempted)
            {
                current.InvoluntarySwitches++;
            }
            else
            {
                current.VoluntarySwitches++;
            }

            MakeRunnable(current);
            SwitchTo(cpu.RunQueue.Dequeue());
        }

        /// <summary>
        /// Starts a kernel thread at <paramref name="entry"/>, which must call <see cref="KernelThreadStarted"/> first
        /// and never return; it runs in ring 0 only, outside the program's threads. Null when memory ran out.
        /// </summary>
        public static Thread StartKernelThread(delegate*<void> entry)
        {
            Thread thread = ThreadRegistry.CreateKernel();
            if (thread == null)
            {
                return null;
            }

            PrepareKernelThread(thread, (ulong)entry);
            MakeRunnable(thread);
            return thread;
        }

        /// <summary>The first thing a kernel thread's entry does: finishes the switch that started it.</summary>
        public static void KernelThreadStarted() => FinishSwitch();

        /// <summary>Ends the current thread for good: its stack is recycled once another thread runs.</summary>
        public static void ExitCurrent()
        {
            Processor cpu = Processor.Current;
            Thread current = cpu.CurrentThread;
            current.State = ThreadState.Dead;
            cpu.Timers.Cancel(current.WakeTimer);
            ThreadRegistry.Retire(current);
            cpu.PreviousDead = current;
            SwitchTo(PickNext(cpu));
            Panic.Stop("a dead thread was scheduled");
        }

        /// <summary>The local APIC timer fired: run due timers, end the slice if others are waiting, re-arm.</summary>
        public static void OnTimerInterrupt()
        {
            Processor cpu = Processor.Current;
            cpu.ArmedDeadline = Forever;   // a one-shot timer that fired counts to nothing
            ulong now = Clock.MonotonicNs();
            cpu.Timers.RunExpired(now);
            if (now >= cpu.SliceEnd && !cpu.RunQueue.IsEmpty && cpu.CurrentThread != cpu.Idle)
            {
                cpu.NeedsReschedule = true;
            }

            ReprogramTimer();
        }

        /// <summary>Adds a timer to this CPU's queue and re-arms the hardware if it is now the earliest.</summary>
        public static void AddTimer(Timer timer, ulong deadline)
        {
            Processor cpu = Processor.Current;
            cpu.Timers.Add(timer, deadline);
            ReprogramTimer();
        }

        public static void CancelTimer(Timer timer) => Processor.Current.Timers.Cancel(timer);

        /// <summary>Arms the local APIC for the earliest of the next timer and, when others wait to run, the slice end.</summary>
        public static void ReprogramTimer()
        {
            Processor cpu = Processor.Current;
            ulong next = cpu.Timers.EarliestDeadline;
            if (!cpu.RunQueue.IsEmpty && cpu.SliceEnd < next)
            {
                next = cpu.SliceEnd;
            }

            // Writing the APIC is a trap to the hypervisor, costly next to a thread switch. So the timer is only ever
            // brought forward: when it is already armed for this deadline or an earlier one it is left alone, and an
            // interrupt that turns out early just re-evaluates (at most one per time slice).
            if (next >= cpu.ArmedDeadline)
            {
                return;
            }

            cpu.ArmedDeadline = next;
            ulong now = Clock.MonotonicNs();
            LocalApic.ArmTimer(next > now ? next - now : 1);
        }

        private static Thread PickNext(Processor cpu) => cpu.RunQueue.Dequeue() ?? cpu.Idle;

        private static void SwitchTo(Thread next)
        {
            Processor cpu = Processor.Current;
            Thread previous = cpu.CurrentThread;
            if (next == previous)
            {
                previous.State = ThreadState.Running;
                return;
            }

            ulong now = Clock.MonotonicNs();
            if (!previous.IsKernelThread)
            {
                FpuState.Complete(previous.FpuState);
            }

            ulong tsc = Cpu.ReadTimeStampCounter();
            previous.SystemCycles += tsc - previous.ModeSince;
            next.ModeSince = tsc;
            next.State = ThreadState.Running;
            cpu.CurrentThread = next;
            cpu.SliceEnd = now + TimeSliceNs;
            LoadThreadState(next);
            ReprogramTimer();
            fixed (ulong* save = &previous.SavedStackPointer)
            {
                Cpu.SwitchStacks(save, next.SavedStackPointer);
            }

            FinishSwitch();
        }

        // Points the CPU at the thread's kernel stack (for entries from user mode) and its user FS/GS bases.
        private static void LoadThreadState(Thread thread)
        {
            if (thread.IsKernelThread)
            {
                return;
            }

            PerCpu.SetKernelStack(thread.KernelStackTop);
            Cpu.WriteMsr(Msr.MSR_FS_BASE, thread.FsBase);
            Cpu.WriteMsr(Msr.MSR_KERNEL_GS_BASE, thread.GsBase);
        }

        // Runs on the new thread's stack right after a switch: the thread that exited can now be recycled.
        private static void FinishSwitch()
        {
            Processor cpu = Processor.Current;
            if (cpu.PreviousDead != null)
            {
                ThreadRegistry.Recycle(cpu.PreviousDead);
                cpu.PreviousDead = null;
            }
        }

        // Where a new user thread begins (from kiln_thread_start in traps.S), before it returns to user mode.
        [System.Runtime.RuntimeExport("kiln_thread_begin")]
        private static void ThreadBegin()
        {
            FinishSwitch();
            ReturnToUser.Prepare(Current.UserFrame);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall)]
        [System.Runtime.RuntimeImport("*", "kiln_thread_start")]
        private static extern void ThreadStart();

        // A kernel thread's stack: its entry as the return address of a call that never happened (so the stack is
        // aligned as at any function entry), below it the six registers kiln_switch pops.
        private static void PrepareKernelThread(Thread thread, ulong entry)
        {
            ulong* stack = (ulong*)thread.KernelStackTop;
            *--stack = 0;
            *--stack = entry;
            for (int i = 0; i < 6; i++)
            {
                *--stack = 0;
            }

            thread.SavedStackPointer = (ulong)stack;
        }

        // The idle thread: run due timers, switch to anything runnable, otherwise halt until an interrupt.
        private static void IdleLoop()
        {
            FinishSwitch();
            for (;;)
            {
                Processor cpu = Processor.Current;
                cpu.Timers.RunExpired(Clock.MonotonicNs());
                if (!cpu.RunQueue.IsEmpty)
                {
                    SwitchTo(cpu.RunQueue.Dequeue());
                    continue;
                }

                ReprogramTimer();
                Cpu.Halt();
            }
        }
    }
}
