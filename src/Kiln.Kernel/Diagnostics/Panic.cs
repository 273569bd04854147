// A broken kernel invariant stops the VM with a report: the message, the registers when a trap caused it, and a
// backtrace of kernel return addresses (kiln names their functions from the kernel's symbol table).
using System.Runtime;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Devices;

namespace Kiln.Kernel.Diagnostics
{
    internal static unsafe class Panic
    {
        /// <summary>The VM's isa-debug-exit value after a panic; kiln reports it as a kernel failure.</summary>
        public const uint PanicExitValue = 0x7E;

        private static bool s_panicking;

        public static void Stop(string message) => Stop(message, null);

        public static void Stop(string message, TrapFrame* frame)
        {
            Cpu.DisableInterrupts();
            if (s_panicking)
            {
                KernelLog.WriteLine("kiln: kernel panic while panicking");
                DebugExit.PowerOff(PanicExitValue);
            }

            s_panicking = true;
            KernelLog.Write("kiln: kernel panic: ");
            KernelLog.WriteLine(message);
            if (frame != null)
            {
                KernelLog.Write("kiln:   vector ");
                KernelLog.WriteDecimal(frame->Vector);
                KernelLog.Write(", error code ");
                KernelLog.WriteHex(frame->ErrorCode);
                KernelLog.Write(", cr2 ");
                KernelLog.WriteHex(Cpu.ReadCr2());
                KernelLog.WriteLine();
                RegisterDump.Write(frame);
                Backtrace.Write(frame->Rip, frame->Rbp, "kernel");
            }
            else
            {
                Backtrace.Write(0, Cpu.ReadFramePointer(), "kernel");
            }

            KernelLog.WriteLine("kiln: kernel panic: end of report");
            DebugExit.PowerOff(PanicExitValue);
        }

        // The core library's panic hook: implicit throws and allocation failures land here.
        [RuntimeExport("kiln_runtime_panic")]
        private static void RuntimePanic(char* message)
        {
            Cpu.DisableInterrupts();
            KernelLog.Write("kiln: kernel panic: ");
            for (int i = 0; message[i] != 0; i++)
            {
                KernelLog.Put((byte)message[i]);
            }

            KernelLog.WriteLine();
            s_panicking = true;
            Backtrace.Write(0, Cpu.ReadFramePointer(), "kernel");
            KernelLog.WriteLine("kiln: kernel panic: end of report");
            DebugExit.PowerOff(PanicExitValue);
        }

        // RhpThrowEx (cpu.S) jumps here with an ASCII message.
        [RuntimeExport("kiln_runtime_panic_ascii")]
        private static void RuntimePanicAscii(byte* message)
        {
            KernelLog.Write("kiln: kernel panic: ");
            KernelLog.WriteCString(message, 200);
            KernelLog.WriteLine();
            s_panicking = true;
            Backtrace.Write(0, Cpu.ReadFramePointer(), "kernel");
            KernelLog.WriteLine("kiln: kernel panic: end of report");
            DebugExit.PowerOff(PanicExitValue);
        }
    }
}
