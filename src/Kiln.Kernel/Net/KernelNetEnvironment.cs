// The network stack's clock and randomness inside the kernel: the TSC-based monotonic clock and the entropy pool.
using Kiln.Kernel.Process;
using Kiln.Kernel.Time;
using Kiln.Net;

namespace Kiln.Kernel.Net
{
    internal sealed class KernelNetEnvironment : NetEnvironment
    {
        public override long NowNanoseconds => (long)Clock.MonotonicNs();

        public override ulong NextRandom() => Entropy.Next();
    }
}
