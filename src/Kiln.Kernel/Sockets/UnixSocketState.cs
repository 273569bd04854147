// Where an AF_UNIX socket stands: new or unconnected (datagram sockets may have a default peer without a state change),
// listening, or connected to a peer (stream and seqpacket).
namespace Kiln.Kernel.Sockets
{
    internal enum UnixSocketState
    {
        Unconnected,
        Listening,
        Connected,
    }
}
