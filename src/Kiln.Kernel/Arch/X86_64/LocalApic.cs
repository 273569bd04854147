// The boot CPU's local APIC (Intel SDM vol. 3A, ch. 11) in xAPIC mode: enabled through its spurious-vector register,
// its timer run in one-shot mode and calibrated against the TSC, so the scheduler can ask for "an interrupt at
// this monotonic time" and otherwise let the CPU sleep (no periodic tick).
using Kiln.Kernel.Diagnostics;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Time;

namespace Kiln.Kernel.Arch.X86_64
{
    // SAFETY: s_registers points at the APIC's 4 KiB register page, mapped uncached by PageTables.MapDevice; every
    // access is one 32-bit load or store (cpu.S) at an offset from the SDM's register table.
    internal static unsafe class LocalApic
    {
        public const byte TimerVector = 0x20;
        public const byte SpuriousVector = 0xFF;

        private const uint MsrApicBase = 0x1B;
        private const ulong ApicBaseEnable = 1UL << 11;
        private const ulong ApicBaseAddressMask = 0x000FFFFFFFFFF000;

        private const int RegisterTaskPriority = 0x80;
        private const int RegisterEndOfInterrupt = 0xB0;
        private const int RegisterSpurious = 0xF0;
        private const int RegisterLvtTimer = 0x320;
        private const int RegisterTimerInitialCount = 0x380;
        private const int RegisterTimerCurrentCount = 0x390;
        private const int RegisterTimerDivide = 0x3E0;

        private const uint SpuriousEnable = 1u << 8;
        private const uint LvtMasked = 1u << 16;
        private const uint DivideBy16 = 0x3;
        private const ulong CalibrationNs = 10_000_000;

        private static byte* s_registers;
        private static ulong s_timerHz;

        public static void Initialize()
        {
            ulong apicBase = Cpu.ReadMsr(MsrApicBase);
            Cpu.WriteMsr(MsrApicBase, apicBase | ApicBaseEnable);
            s_registers = (byte*)PageTables.MapDevice(apicBase & ApicBaseAddressMask, Layout.PageSize);
            if (s_registers == null)
            {
                Panic.Stop("could not map the local APIC");
            }

            Write(RegisterTaskPriority, 0);
            Write(RegisterSpurious, SpuriousEnable | SpuriousVector);
            Write(RegisterTimerDivide, DivideBy16);
            s_timerHz = CalibrateTimer();
            Write(RegisterLvtTimer, TimerVector);   // one-shot, unmasked: counting starts when a count is written
        }

        /// <summary>Arms the one-shot timer to fire after <paramref name="nanoseconds"/> (clamped to what it can count).</summary>
        public static void ArmTimer(ulong nanoseconds)
        {
            ulong ticks = nanoseconds >= 1_000_000_000 ? (nanoseconds / 1_000 * s_timerHz) / 1_000_000 : nanoseconds * s_timerHz / 1_000_000_000;
            if (ticks == 0)
            {
                ticks = 1;
            }

            if (ticks > uint.MaxValue)
            {
                ticks = uint.MaxValue;
            }

            Write(RegisterTimerInitialCount, (uint)ticks);
        }

        public static void EndOfInterrupt() => Write(RegisterEndOfInterrupt, 0);

        // Counts the timer down from its maximum while the TSC measures 10 ms.
        private static ulong CalibrateTimer()
        {
            Write(RegisterLvtTimer, LvtMasked | TimerVector);
            Write(RegisterTimerInitialCount, uint.MaxValue);
            ulong start = Clock.MonotonicNs();
            Clock.SpinUntil(start + CalibrationNs);
            uint remaining = Read(RegisterTimerCurrentCount);
            ulong elapsedNs = Clock.MonotonicNs() - start;
            Write(RegisterTimerInitialCount, 0);
            ulong counted = uint.MaxValue - (ulong)remaining;
            ulong hz = counted * 1_000_000_000 / (elapsedNs == 0 ? 1 : elapsedNs);
            return hz == 0 ? 1_000_000 : hz;
        }

        private static uint Read(int register) => Cpu.ReadMmio32(s_registers + register);

        private static void Write(int register, uint value) => Cpu.WriteMmio32(s_registers + register, value);
    }
}
