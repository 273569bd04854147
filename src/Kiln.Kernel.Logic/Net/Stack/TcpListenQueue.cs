// The queues of a listening socket a passive connection moves through: half-open (SYN-RECEIVED), overflow
// (established while the accept queue was full: held back, as Linux keeps such a connection in SYN-RECV, and
// promoted when accept makes room) and the accept queue itself.
namespace Kiln.Net.Stack
{
    internal enum TcpListenQueue
    {
        None,
        HalfOpen,
        Overflow,
        Accept,
    }
}
