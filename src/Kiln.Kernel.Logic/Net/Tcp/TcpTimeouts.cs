// The time limits and retry counts of a TCP connection, as Linux sets them (net/ipv4/tcp_timer.c, include/net/tcp.h,
// sysctls tcp_syn_retries, tcp_synack_retries, tcp_retries2, tcp_fin_timeout). Times are in nanoseconds.
namespace Kiln.Net.Tcp
{
    public static class TcpTimeouts
    {
        public const long Millisecond = 1_000_000;
        public const long Second = 1_000_000_000;

        /// <summary>RFC 6298 2.1: the RTO before any round-trip sample.</summary>
        public const long InitialRetransmission = 1 * Second;

        /// <summary>Linux's TCP_RTO_MIN and TCP_RTO_MAX.</summary>
        public const long MinimumRetransmission = 200 * Millisecond;
        public const long MaximumRetransmission = 120 * Second;

        /// <summary>tcp_syn_retries: SYN sent 1 + 6 times (about 127 s with backoff) before connect fails.</summary>
        public const int SynRetries = 6;

        /// <summary>tcp_synack_retries.</summary>
        public const int SynAckRetries = 5;

        /// <summary>tcp_retries2: retransmissions of data (or unanswered zero-window probes) before giving up.</summary>
        public const int DataRetries = 15;

        /// <summary>TCP_DELACK_MAX is 200 ms; Linux starts with TCP_ATO_MIN of 40 ms, which is what we use.</summary>
        public const long DelayedAck = 40 * Millisecond;

        /// <summary>TCP_TIMEWAIT_LEN: Linux waits 60 s in TIME-WAIT (its 2*MSL).</summary>
        public const long TimeWait = 60 * Second;

        /// <summary>tcp_fin_timeout: how long a closed socket waits in FIN-WAIT-2 for the peer's FIN.</summary>
        public const long FinWait2 = 60 * Second;
    }
}
