// ClockScale tests: the hand-made 128-bit multiply against UInt128, the chosen (mult, shift) against exact
// rational arithmetic, and the kvmclock frequency formula against Linux's pvclock_tsc_khz.

using System;
using Kiln.Time;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Time
{
    public sealed class ClockScaleTests
    {
        [Theory]
        [InlineData(0UL, 0UL)]
        [InlineData(ulong.MaxValue, ulong.MaxValue)]
        [InlineData(ulong.MaxValue, 1UL)]
        [InlineData(0xFFFFFFFFUL, 0xFFFFFFFFUL)]
        [InlineData(0x123456789ABCDEF0UL, 0x0FEDCBA987654321UL)]
        public void MultiplyMatchesUInt128(ulong a, ulong b)
        {
            ClockScale.Multiply(a, b, out ulong high, out ulong low);

            UInt128 expected = (UInt128)a * b;
            Assert.Equal((ulong)(expected >> 64), high);
            Assert.Equal((ulong)expected, low);
        }

        [Fact]
        public void MultiplyMatchesUInt128OnRandomValues()
        {
            Random random = new Random(1234);
            for (int i = 0; i < 10_000; i++)
            {
                ulong a = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
                ulong b = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);

                ClockScale.Multiply(a, b, out ulong high, out ulong low);

                UInt128 expected = (UInt128)a * b;
                Assert.Equal((ulong)(expected >> 64), high);
                Assert.Equal((ulong)expected, low);
            }
        }

        [Theory]
        [InlineData(1UL)]
        [InlineData(1_193_182UL)]
        [InlineData(999_999_999UL)]
        [InlineData(1_000_000_000UL)]
        [InlineData(2_893_437_000UL)]
        [InlineData(5_000_000_123UL)]
        [InlineData(ulong.MaxValue)]
        public void ComputeIsFloorOfTheExactRatioWithTheMostPrecision(ulong hz)
        {
            ClockScale scale = ClockScale.Compute(hz);

            Assert.InRange(scale.Shift, 0u, 63u);
            UInt128 exact = ((UInt128)ClockScale.NanosecondsPerSecond << (int)scale.Shift) / hz;
            Assert.Equal((ulong)exact, scale.Mult);
            Assert.True(scale.Mult < (1UL << 56));
            Assert.True(scale.Shift == 63 || scale.Mult >= (1UL << 55), $"mult {scale.Mult} shift {scale.Shift} is not the most precise");
        }

        [Theory]
        [InlineData(1_000_000_000UL)]
        [InlineData(2_893_437_000UL)]
        [InlineData(3_700_000_000UL)]
        public void OneSecondOfTicksIsOneSecondToWithinANanosecond(ulong hz)
        {
            ClockScale scale = ClockScale.Compute(hz);

            ulong ns = scale.ToNanoseconds(hz);

            Assert.InRange(ns, ClockScale.NanosecondsPerSecond - 1, ClockScale.NanosecondsPerSecond);
        }

        [Fact]
        public void ToNanosecondsIsTheShiftedExactProductForYearsOfTicks()
        {
            ClockScale scale = ClockScale.Compute(2_893_437_000);
            ulong tenYears = 2_893_437_000UL * 86400 * 3650;
            foreach (ulong ticks in new[] { 0UL, 1UL, 12345UL, 1UL << 40, tenYears })
            {
                UInt128 exact = ((UInt128)ticks * scale.Mult) >> (int)scale.Shift;

                Assert.Equal((ulong)exact, scale.ToNanoseconds(ticks));
            }
        }

        [Fact]
        public void ToNanosecondsIsMonotonic()
        {
            ClockScale scale = ClockScale.Compute(1_193_182UL * 2417);
            ulong previous = 0;
            for (ulong ticks = 0; ticks < 1_000_000; ticks += 7)
            {
                ulong ns = scale.ToNanoseconds(ticks);
                Assert.True(ns >= previous);
                previous = ns;
            }
        }

        [Theory]
        [InlineData(0x9C4E4A55u, (sbyte)-1, 3_275_629_750UL)]
        [InlineData(0x80000000u, (sbyte)1, 1_000_000_000UL)]
        [InlineData(0x80000000u, (sbyte)0, 2_000_000_000UL)]
        public void PvclockHzFollowsLinuxPvclockTscKhz(uint mul, sbyte shift, ulong approximateHz)
        {
            // Linux: khz = (1000000 << 32) / mul, then << -shift or >> shift.
            ulong expected = ((ClockScale.NanosecondsPerSecond << 32) / mul);
            expected = shift < 0 ? expected << -shift : expected >> shift;

            ulong hz = ClockScale.PvclockHz(mul, shift);

            Assert.Equal(expected, hz);
            Assert.InRange((double)hz, approximateHz * 0.999, approximateHz * 1.001);
        }
    }
}
