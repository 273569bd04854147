// The states of a TCP connection (RFC 9293 3.3.2). LISTEN is not a connection state here: listening sockets are
// the stack's listeners, and a connection starts in SYN-SENT (active open) or SYN-RECEIVED (passive open).
namespace Kiln.Net.Tcp
{
    public enum TcpState
    {
        Closed,
        SynSent,
        SynReceived,
        Established,
        FinWait1,
        FinWait2,
        CloseWait,
        Closing,
        LastAck,
        TimeWait,
    }
}
