// A fault in the program with no handler to catch it: print what happened (signal, faulting address, registers and
// a backtrace of the program's frames, as addresses in its ELF file so kiln can name them) and end the program.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Diagnostics;
using Kiln.Kernel.Memory;
using Kiln.Memory;

namespace Kiln.Kernel.Process
{
    internal static unsafe class CrashReport
    {
        private const int MaxFrames = 32;
        private const int ScanWords = 512;

        public static void KillForFault(TrapFrame* frame, ulong faultAddress)
        {
            int signal = Signals.ForFault(frame->Vector, faultAddress);
            KernelLog.Write("kiln: program killed by signal ");
            KernelLog.WriteDecimal((long)signal);
            KernelLog.Write(" (");
            KernelLog.Write(Signals.NameOf(signal));
            KernelLog.Write("): ");
            KernelLog.Write(Describe(frame->Vector));
            if (frame->Vector == TrapHandler.PageFault)
            {
                KernelLog.Write(" at address ");
                KernelLog.WriteHex(faultAddress);
                KernelLog.Write((frame->ErrorCode & 2) != 0 ? " (write" : " (read");
                KernelLog.Write((frame->ErrorCode & 1) != 0 ? ", protection violation)" : ", not mapped)");
            }

            KernelLog.WriteLine();
            RegisterDump.Write(frame);
            WriteBacktrace(frame);
            ProcessExit.KilledBySignal(signal);
        }

        private static string Describe(ulong vector) => vector switch
        {
            0 => "integer divide error",
            6 => "invalid opcode",
            13 => "general protection fault",
            14 => "page fault",
            _ => "CPU exception",
        };

        // Frame pointers first; programs built without them (-O2 omits them) get a scan of the stack for words that
        // point into the program's executable pages, marked as such.
        private static void WriteBacktrace(TrapFrame* frame)
        {
            KernelLog.WriteLine("kiln: backtrace:");
            int index = 0;
            Line(index++, frame->Rip);
            ulong rbp = frame->Rbp;
            while (index < MaxFrames && IsExecutableReturn(rbp, out ulong next, out ulong returnAddress))
            {
                Line(index++, returnAddress);
                if (next <= rbp)
                {
                    break;
                }

                rbp = next;
            }

            if (index > 2)
            {
                return;
            }

            KernelLog.WriteLine("kiln: (no frame pointers; return addresses found on the stack:)");
            ulong rsp = frame->Rsp;
            for (int i = 0; i < ScanWords && index < MaxFrames; i++)
            {
                if (!UserMemory.Read(rsp + ((ulong)i * 8), out ulong word))
                {
                    break;
                }

                if (InExecutableRegion(word))
                {
                    Line(index++, word);
                }
            }
        }

        private static bool IsExecutableReturn(ulong rbp, out ulong next, out ulong returnAddress)
        {
            returnAddress = 0;
            next = 0;
            return (rbp & 7) == 0
                && UserMemory.Read(rbp, out next)
                && UserMemory.Read(rbp + 8, out returnAddress)
                && InExecutableRegion(returnAddress);
        }

        private static bool InExecutableRegion(ulong address) =>
            UserAddressSpace.Regions.TryFind(address, out Region region)
            && (region.Protection & RegionProtection.Execute) != 0
            && region.Kind == RegionKind.Program;

        private static void Line(int index, ulong address)
        {
            KernelLog.Write("kiln:   #");
            KernelLog.WriteDecimal((long)index);
            KernelLog.Write(" pc ");
            KernelLog.WriteHex(address - UserProcess.LoadBias);
            KernelLog.WriteLine();
        }
    }
}
