// Kernel time. The TSC is the counter; kvmclock, when the hypervisor offers it, says how fast it runs, otherwise a
// calibration against the PIT does. TSC cycles become nanoseconds as base_ns + (((tsc - base_tsc) * mult) >> shift),
// the formula the vDSO evaluates from the same numbers in the vvar page (Vvar), so both read the same clock.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Time;

namespace Kiln.Kernel.Time
{
    internal static class Clock
    {
        private const ulong PitHz = 1193182;
        private const ushort CalibrationTicks = 11932;   // 10 ms of PIT ticks

        private static ulong s_tscHz;
        private static ulong s_baseTsc;
        private static ulong s_baseNs;
        private static ClockScale s_scale;
        private static ulong s_wallOffsetNs;

        public static ulong TscHz => s_tscHz;

        /// <summary>True when kvmclock supplied the TSC rate and the wall clock.</summary>
        public static bool UsesKvmClock { get; private set; }

        /// <summary>Needs the physical allocator and the direct map: kvmclock and the vvar page are pages of RAM.</summary>
        public static void Initialize()
        {
            if (KvmClock.TryInitialize(out PvclockSnapshot snapshot))
            {
                // Monotonic time is kvmclock's system time: its own base, multiplier and shift (ns = ((delta << s) * mul)
                // >> 32 is delta * mul >> (32 - s)); the wall clock is the host's time at system time 0.
                UsesKvmClock = true;
                s_tscHz = ClockScale.PvclockHz(snapshot.TscToSystemMul, snapshot.TscShift);
                s_baseTsc = snapshot.TscTimestamp;
                s_baseNs = snapshot.SystemTimeNs;
                int shift = 32 - snapshot.TscShift;
                s_scale = shift >= 0 && shift < 64 ? new ClockScale(snapshot.TscToSystemMul, (uint)shift) : ClockScale.Compute(s_tscHz);
                s_wallOffsetNs = KvmClock.ReadWallClockNs();
            }
            else
            {
                s_tscHz = CalibrateTsc();
                s_scale = ClockScale.Compute(s_tscHz);
                s_baseTsc = Cpu.ReadTimeStampCounter();
                s_baseNs = 0;
                s_wallOffsetNs = (RealTimeClock.ReadUnixSeconds() * ClockScale.NanosecondsPerSecond) - MonotonicNs();
            }

            Vvar.Initialize();
            Vvar.Publish(s_baseTsc, s_baseNs, s_scale, s_wallOffsetNs);
        }

        /// <summary>Nanoseconds since boot (under kvmclock, since the VM started).</summary>
        public static ulong MonotonicNs() => ToNanoseconds(Cpu.ReadTimeStampCounter());

        /// <summary>Nanoseconds since the Unix epoch.</summary>
        public static ulong RealtimeNs() => MonotonicNs() + s_wallOffsetNs;

        /// <summary>The monotonic time at TSC value <paramref name="tsc"/>; a TSC behind the base counts as the base, as in the vDSO.</summary>
        public static ulong ToNanoseconds(ulong tsc)
        {
            ulong delta = tsc >= s_baseTsc ? tsc - s_baseTsc : 0;
            return s_baseNs + s_scale.ToNanoseconds(delta);
        }

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
