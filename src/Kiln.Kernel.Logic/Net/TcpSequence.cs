// Sequence-number arithmetic modulo 2^32 (RFC 9293 3.4): a is "less than" b when b lies in the 2^31 numbers after a.
// Every comparison of sequence or acknowledgment numbers in the TCP state machine goes through these.
namespace Kiln.Net
{
    public static class TcpSequence
    {
        public static bool LessThan(uint a, uint b) => (int)(a - b) < 0;

        public static bool LessOrEqual(uint a, uint b) => (int)(a - b) <= 0;

        public static bool GreaterThan(uint a, uint b) => (int)(a - b) > 0;

        public static bool GreaterOrEqual(uint a, uint b) => (int)(a - b) >= 0;

        /// <summary>start &lt;= value &lt; start + size, modulo 2^32 (the receive-window test of RFC 9293 3.10.7.4).
        /// An empty window contains nothing.</summary>
        public static bool InWindow(uint value, uint start, uint size) => value - start < size;

        /// <summary>The later of two sequence numbers.</summary>
        public static uint Max(uint a, uint b) => LessThan(a, b) ? b : a;

        /// <summary>The earlier of two sequence numbers.</summary>
        public static uint Min(uint a, uint b) => LessThan(a, b) ? a : b;
    }
}
