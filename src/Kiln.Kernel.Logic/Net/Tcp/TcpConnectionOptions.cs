// The per-connection settings sockets change through setsockopt (socket(7), tcp(7)). Defaults follow Linux.
namespace Kiln.Net.Tcp
{
    public struct TcpConnectionOptions
    {
        /// <summary>TCP_NODELAY: send small segments at once instead of coalescing them (Nagle, RFC 9293 3.7.4).</summary>
        public bool NoDelay;

        /// <summary>TCP_CORK: hold partial segments until uncorked or full.</summary>
        public bool Cork;

        /// <summary>SO_KEEPALIVE with TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT (Linux: 7200 s, 75 s, 9).</summary>
        public bool KeepAlive;
        public int KeepIdleSeconds;
        public int KeepIntervalSeconds;
        public int KeepCount;

        /// <summary>SO_RCVBUF and SO_SNDBUF in bytes: the most data queued in each direction.</summary>
        public int ReceiveBufferSize;
        public int SendBufferSize;

        public static TcpConnectionOptions Default => new TcpConnectionOptions
        {
            KeepIdleSeconds = 7200,
            KeepIntervalSeconds = 75,
            KeepCount = 9,
            ReceiveBufferSize = 131072,
            SendBufferSize = 16384 * 4,
        };
    }
}
