// Device interrupts. The legacy 8259 PICs are masked at boot; the local APIC's timer drives the scheduler, devices
// get vectors from 0x30 up (MSI-X messages aimed at the local APIC) with a handler and a context each, and anything
// else that arrives is counted and otherwise ignored.
namespace Kiln.Kernel.Arch.X86_64
{
    internal static unsafe class Interrupts
    {
        /// <summary>The first vector handed to devices; below it are the CPU's exceptions and the APIC timer.</summary>
        public const byte FirstDeviceVector = 0x30;

        /// <summary>One past the last device vector; the vectors above are left for IPIs and the spurious vector.</summary>
        public const byte EndDeviceVector = 0xF0;

        private static delegate*<void*, void>* s_handlers;
        private static void** s_contexts;
        private static int s_nextVector = FirstDeviceVector;

        public static ulong Spurious { get; private set; }

        public static void MaskLegacyPic()
        {
            Cpu.OutByte(0x21, 0xFF);
            Cpu.OutByte(0xA1, 0xFF);
        }

        /// <summary>A vector no one else uses, from 0x30 up; 0 when they are all taken.</summary>
        public static byte AllocateVector()
        {
            if (s_nextVector >= EndDeviceVector)
            {
                return 0;
            }

            return (byte)s_nextVector++;
        }

        /// <summary>
        /// Calls <paramref name="handler"/> with <paramref name="context"/> (interrupts off) whenever
        /// <paramref name="vector"/> arrives; the end-of-interrupt is sent after it returns.
        /// </summary>
        public static void Register(byte vector, delegate*<void*, void> handler, void* context)
        {
            if (s_handlers == null)
            {
                s_handlers = (delegate*<void*, void>*)Memory.KernelHeap.Allocate((nuint)(256 * sizeof(void*)));
                s_contexts = (void**)Memory.KernelHeap.Allocate((nuint)(256 * sizeof(void*)));
            }

            s_contexts[vector] = context;
            s_handlers[vector] = handler;
        }

        public static void Dispatch(TrapFrame* frame)
        {
            ulong vector = frame->Vector;
            if (vector == LocalApic.TimerVector)
            {
                LocalApic.EndOfInterrupt();
                Kiln.Kernel.Scheduling.Scheduler.OnTimerInterrupt();
                return;
            }

            if (s_handlers != null && vector < 256 && s_handlers[vector] != null)
            {
                s_handlers[vector](s_contexts[vector]);
                LocalApic.EndOfInterrupt();
                return;
            }

            // The APIC's spurious vector needs no end-of-interrupt; nothing else is routed to this CPU.
            Spurious++;
        }
    }
}
