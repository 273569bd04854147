// Device interrupts. The legacy 8259 PICs are masked at boot; the local APIC's timer drives the scheduler, and
// anything else that arrives is counted and otherwise ignored.
namespace Kiln.Kernel.Arch.X86_64
{
    internal static unsafe class Interrupts
    {
        public static ulong Spurious { get; private set; }

        public static void MaskLegacyPic()
        {
            Cpu.OutByte(0x21, 0xFF);
            Cpu.OutByte(0xA1, 0xFF);
        }

        public static void Dispatch(TrapFrame* frame)
        {
            switch (frame->Vector)
            {
                case LocalApic.TimerVector:
                    LocalApic.EndOfInterrupt();
                    Kiln.Kernel.Scheduling.Scheduler.OnTimerInterrupt();
                    break;
                default:
                    // The APIC's spurious vector needs no end-of-interrupt; nothing else is routed to this CPU yet.
                    Spurious++;
                    break;
            }
        }
    }
}
