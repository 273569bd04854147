// What the network stack asks of the machine it runs on: the time and randomness (initial sequence numbers,
// ephemeral ports, DHCP transaction ids). The kernel answers from the TSC and RDRAND; host tests answer from a
// simulated clock and a seeded generator, so a whole simulated run is deterministic.
namespace Kiln.Net
{
    public abstract class NetEnvironment
    {
        /// <summary>Monotonic time in nanoseconds.</summary>
        public abstract long NowNanoseconds { get; }

        /// <summary>64 random bits.</summary>
        public abstract ulong NextRandom();
    }
}
