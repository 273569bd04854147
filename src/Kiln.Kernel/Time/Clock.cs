// Kernel time: the TSC, calibrated at boot against the PIT's channel 2 (a fixed 1.193182 MHz), counts monotonic
// nanoseconds; the CMOS real-time clock read at boot anchors the wall clock.
using Kiln.Kernel.Arch.X86_64;

namespace Kiln.Kernel.Time
{
    internal static class Clock
    {
        private const ulong NanosecondsPerSecond = 1_000_000_000;
        private const ulong PitHz = 1193182;
        private const ushort CalibrationTicks = 11932;   // 10 ms of PIT ticks

        private static ulong s_tscHz;
        private static ulong s_tscAtBoot;
        private static ulong s_wallAtBootNs;

        public static ulong TscHz => s_tscHz;

        public static void Initialize()
        {
            s_tscHz = CalibrateTsc();
            s_tscAtBoot = Cpu.ReadTimeStampCounter();
            s_wallAtBootNs = RealTimeClock.ReadUnixSeconds() * NanosecondsPerSecond;
        }

        /// <summary>Nanoseconds since boot.</summary>
        public static ulong MonotonicNs()
        {
            ulong ticks = Cpu.ReadTimeStampCounter() - s_tscAtBoot;
            return ((ticks / s_tscHz) * NanosecondsPerSecond) + ((ticks % s_tscHz) * NanosecondsPerSecond / s_tscHz);
        }

        /// <summary>Nanoseconds since the Unix epoch.</summary>
        public static ulong RealtimeNs() => s_wallAtBootNs + MonotonicNs();

        /// <summary>Waits until the monotonic clock reaches <paramref name="deadlineNs"/>.</summary>
        public static void SpinUntil(ulong deadlineNs)
        {
            while (MonotonicNs() < deadlineNs)
            {
            }
        }

        // Counts TSC ticks while PIT channel 2 counts down 10 ms in mode 0, gated through port 0x61.
        private static ulong CalibrateTsc()
        {
            Cpu.OutByte(0x61, (byte)((Cpu.InByte(0x61) & 0xFD) | 0x01));
            Cpu.OutByte(0x43, 0xB0);
            Cpu.OutByte(0x42, (byte)(CalibrationTicks & 0xFF));
            Cpu.OutByte(0x42, (byte)(CalibrationTicks >> 8));
            byte gate = Cpu.InByte(0x61);
            Cpu.OutByte(0x61, (byte)(gate & 0xFE));
            Cpu.OutByte(0x61, (byte)(gate | 0x01));
            ulong start = Cpu.ReadTimeStampCounter();
            while ((Cpu.InByte(0x61) & 0x20) == 0)
            {
            }

            ulong elapsed = Cpu.ReadTimeStampCounter() - start;
            ulong hz = elapsed * PitHz / CalibrationTicks;
            return hz == 0 ? 1_000_000_000 : hz;
        }
    }
}
