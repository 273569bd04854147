// Fixed-point conversion of counter ticks (TSC cycles) to nanoseconds: ns = (ticks * Mult) >> Shift with a 128-bit
// product, the formula the kernel and the vDSO both evaluate so that they agree to the nanosecond.
namespace Kiln.Time
{
    public readonly struct ClockScale
    {
        public const ulong NanosecondsPerSecond = 1_000_000_000;

        // The largest multiplier Compute picks: 2^56 keeps 8 bits of headroom and gives a relative error below 2^-55.
        private const ulong MaxMult = 1UL << 56;

        public ClockScale(ulong mult, uint shift)
        {
            Mult = mult;
            Shift = shift;
        }

        public ulong Mult { get; }

        /// <summary>Below 64, as the vDSO's <c>shrd</c> needs.</summary>
        public uint Shift { get; }

        /// <summary>
        /// The most precise (mult, shift) for a counter of <paramref name="hz"/> ticks per second: mult is
        /// floor(10^9 * 2^shift / hz) for the largest shift (at most 63) that keeps mult below 2^56.
        /// </summary>
        public static ClockScale Compute(ulong hz)
        {
            if (hz == 0)
            {
                hz = 1;
            }

            // Long division of 10^9 by hz, one binary fraction digit per extra bit of shift.
            ulong quotient = NanosecondsPerSecond / hz;
            ulong remainder = NanosecondsPerSecond % hz;
            uint shift = 0;
            while (shift < 63)
            {
                ulong doubled = remainder << 1;
                bool carry = (remainder >> 63) != 0 || doubled >= hz;
                ulong next = (quotient << 1) | (carry ? 1UL : 0UL);
                if (next >= MaxMult)
                {
                    break;
                }

                quotient = next;
                remainder = carry ? doubled - hz : doubled;
                shift++;
            }

            return new ClockScale(quotient, shift);
        }

        /// <summary>
        /// The counter frequency kvmclock describes with tsc_to_system_mul and tsc_shift (Linux pvclock_tsc_khz, in Hz):
        /// ns = ((ticks &lt;&lt; shift) * mul) &gt;&gt; 32, so hz = (10^9 &lt;&lt; 32) / mul, shifted back.
        /// </summary>
        public static ulong PvclockHz(uint tscToSystemMul, sbyte tscShift)
        {
            if (tscToSystemMul == 0)
            {
                return 0;
            }

            ulong hz = (NanosecondsPerSecond << 32) / tscToSystemMul;
            return tscShift < 0 ? hz << -tscShift : hz >> tscShift;
        }

        /// <summary>(ticks * Mult) &gt;&gt; Shift, the low 64 bits of the shifted 128-bit product.</summary>
        public ulong ToNanoseconds(ulong ticks)
        {
            Multiply(ticks, Mult, out ulong high, out ulong low);
            return Shift == 0 ? low : (low >> (int)Shift) | (high << (int)(64 - Shift));
        }

        /// <summary>The full 128-bit product of two 64-bit values, from four 32x32 partial products.</summary>
        public static void Multiply(ulong a, ulong b, out ulong high, out ulong low)
        {
            ulong aLow = a & 0xFFFFFFFF;
            ulong aHigh = a >> 32;
            ulong bLow = b & 0xFFFFFFFF;
            ulong bHigh = b >> 32;

            ulong lowLow = aLow * bLow;
            ulong highLow = aHigh * bLow;
            ulong lowHigh = aLow * bHigh;
            ulong highHigh = aHigh * bHigh;

            // The middle column: each term is below 2^32 or 2^64 - 2^33 + 1, so the sum cannot overflow.
            ulong middle = (lowLow >> 32) + (highLow & 0xFFFFFFFF) + (lowHigh & 0xFFFFFFFF);
            low = (middle << 32) | (lowLow & 0xFFFFFFFF);
            high = highHigh + (highLow >> 32) + (lowHigh >> 32) + (middle >> 32);
        }
    }
}
