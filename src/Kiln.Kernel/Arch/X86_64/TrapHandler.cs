// Where every interrupt and exception lands (traps.S calls kiln_trap with the saved frame). Faults in the program
// raise their signal (its handler runs, or the crash report ends the program); faults in the kernel are a panic;
// device interrupts go to their handler.
using System.Runtime;
using Kiln.Kernel.Diagnostics;
using Kiln.Kernel.Scheduling;

namespace Kiln.Kernel.Arch.X86_64
{
    internal static unsafe class TrapHandler
    {
        public const ulong PageFault = 14;

        [RuntimeExport("kiln_trap")]
        private static void Trap(TrapFrame* frame)
        {
            if (frame->FromUser)
            {
                ReturnToUser.Entered();
                Handle(frame);
                ReturnToUser.Prepare(frame);
                return;
            }

            Handle(frame);
        }

        private static void Handle(TrapFrame* frame)
        {
            ulong vector = frame->Vector;
            if (vector < 32)
            {
                if (frame->FromUser)
                {
                    if (vector == PageFault && Kiln.Kernel.Memory.UserFaults.TryResolve(Cpu.ReadCr2(), frame->ErrorCode))
                    {
                        return;
                    }

                    Kiln.Kernel.Process.FaultSignals.Raise(frame, Cpu.ReadCr2());
                    return;
                }

                Panic.Stop(ExceptionNames.Of(vector), frame);
                return;
            }

            Interrupts.Dispatch(frame);
        }
    }
}
