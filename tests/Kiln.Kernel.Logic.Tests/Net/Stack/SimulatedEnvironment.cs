// A virtual clock and a seeded random source for NetStack in host tests: time moves only when the test or the
// simulated network moves it, so every run with the same seed is the same run.
using System;
using Kiln.Net;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class SimulatedEnvironment : NetEnvironment
    {
        private readonly SimulatedClock _clock;
        private readonly Random _random;

        public SimulatedEnvironment(SimulatedClock clock, int seed)
        {
            _clock = clock;
            _random = new Random(seed);
        }

        public override long NowNanoseconds => _clock.Now;

        public override ulong NextRandom()
        {
            ulong high = (ulong)(uint)_random.Next() << 33;
            return high ^ ((ulong)(uint)_random.Next() << 2) ^ (uint)_random.Next(4);
        }
    }

    public sealed class SimulatedClock
    {
        public long Now = 1_000_000_000;

        public void Advance(long nanoseconds) => Now += nanoseconds;
    }
}
