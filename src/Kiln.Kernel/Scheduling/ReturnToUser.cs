// The last kernel step before any return to user mode (after a system call, an interrupt or exception from user
// mode, or a new thread's first run): stop for good if the program is ending, give up the CPU if the time slice is
// over, deliver pending signals, and charge the time since entry to the kernel.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Process;

namespace Kiln.Kernel.Scheduling
{
    internal static unsafe class ReturnToUser
    {
        /// <summary>Marks the start of kernel time for the current thread, at entry from user mode.</summary>
        public static void Entered() => Scheduler.Current.EnterKernel(Cpu.ReadTimeStampCounter());

        public static void Prepare(TrapFrame* frame)
        {
            // The program is ending (another thread is writing the files back before power-off): stay in the kernel.
            if (ProcessExit.Ending)
            {
                ProcessExit.Park();
            }

            if (Processor.Current.NeedsReschedule)
            {
                Scheduler.Yield(preempted: true);

                // Preempted in user mode: a restartable sequence it was in has been interrupted.
                if (!frame->IsSyscall)
                {
                    RestartableSequences.AbortIfInside(Scheduler.Current, frame);
                }
            }

            SignalDelivery.OnReturnToUser(frame);

            Scheduler.Current.LeaveKernel(Cpu.ReadTimeStampCounter());
        }
    }
}
