// A CPU exception in user mode that is not a page the kernel can map in: the signal Linux raises for it (arch/x86/
// kernel/traps.c and mm/fault.c), with si_code and si_addr. If the program catches that signal and does not block it,
// the handler runs on the way back to user mode (Go turns nil dereferences into panics this way); otherwise the
// program ends with the crash report, as Linux forces the default action for a blocked or ignored fault signal.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Scheduling;
using Kiln.Linux;
using Kiln.Memory;

namespace Kiln.Kernel.Process
{
    internal static unsafe class FaultSignals
    {
        private const ulong DivideError = 0;
        private const ulong Debug = 1;
        private const ulong Breakpoint = 3;
        private const ulong InvalidOpcode = 6;
        private const ulong StackSegment = 12;
        private const ulong GeneralProtection = 13;
        private const ulong PageFault = 14;
        private const ulong X87Error = 16;
        private const ulong AlignmentCheck = 17;
        private const ulong SimdError = 19;
        private const ulong PageFaultProtection = 1;   // error code bit 0: the page was present

        public static void Raise(TrapFrame* frame, ulong cr2)
        {
            Thread thread = Scheduler.Current;
            SignalState state = thread.Signals;
            ulong vector = frame->Vector;
            state.FaultTrapNo = vector;
            state.FaultError = frame->ErrorCode;
            state.FaultAddress = vector == PageFault ? cr2 : 0;

            SigInfo info = Classify(thread, frame, cr2);
            int signal = info.Signo;
            if (!SignalActions.HasHandler(signal) || (state.Mask & SignalNumbers.Bit(signal)) != 0)
            {
                CrashReport.KillForFault(frame, cr2);
                return;
            }

            state.Queue.Replace(info);
        }

        private static SigInfo Classify(Thread thread, TrapFrame* frame, ulong cr2)
        {
            int signal = Signals.ForException(frame->Vector);
            switch (frame->Vector)
            {
                case DivideError:
                    return SigInfo.FromFault(signal, SigInfo.FPE_INTDIV, frame->Rip);
                case X87Error:
                case SimdError:
                    return SigInfo.FromFault(signal, FloatingPointCode(thread.FpuState, frame->Vector == SimdError), frame->Rip);
                case Debug:
                    return SigInfo.FromFault(signal, SigInfo.TRAP_TRACE, frame->Rip);
                case InvalidOpcode:
                    return SigInfo.FromFault(signal, SigInfo.ILL_ILLOPN, frame->Rip);
                case AlignmentCheck:
                    return SigInfo.FromFault(signal, SigInfo.BUS_ADRALN, 0);
                case PageFault:
                    if (UserAddressSpace.IsPastEndOfFile(cr2))
                    {
                        return SigInfo.FromFault(SignalNumbers.SIGBUS, SigInfo.BUS_ADRERR, cr2);
                    }

                    // SEGV_ACCERR when the address is in a mapping that forbids the access, SEGV_MAPERR when it is in none.
                    bool mapped = (frame->ErrorCode & PageFaultProtection) != 0 || UserAddressSpace.Regions.TryFind(cr2, out Region _);
                    return SigInfo.FromFault(signal, mapped && cr2 < Layout.UserEnd ? SigInfo.SEGV_ACCERR : SigInfo.SEGV_MAPERR, cr2);
                case Breakpoint:
                case StackSegment:
                case GeneralProtection:
                default:
                    return SigInfo.FromFault(signal, SigInfo.SI_KERNEL, 0);
            }
        }

        // The first unmasked exception flag, as fpu__exception_code orders them: invalid, divide by zero, overflow,
        // underflow (or denormal), precision. MXCSR for SSE (#XM), the x87 status and control words for #MF.
        private static int FloatingPointCode(void* fxsave, bool simd)
        {
            uint raised;
            if (simd)
            {
                uint mxcsr = *(uint*)((byte*)fxsave + 24);
                raised = mxcsr & ~(mxcsr >> 7) & 0x3F;
            }
            else
            {
                uint control = *(ushort*)fxsave;
                uint status = *(ushort*)((byte*)fxsave + 2);
                raised = status & ~control & 0x3F;
            }

            if ((raised & 0x01) != 0)
            {
                return SigInfo.FPE_FLTINV;
            }

            if ((raised & 0x04) != 0)
            {
                return SigInfo.FPE_FLTDIV;
            }

            if ((raised & 0x08) != 0)
            {
                return SigInfo.FPE_FLTOVF;
            }

            if ((raised & 0x12) != 0)
            {
                return SigInfo.FPE_FLTUND;
            }

            return (raised & 0x20) != 0 ? SigInfo.FPE_FLTRES : 0;
        }
    }
}
