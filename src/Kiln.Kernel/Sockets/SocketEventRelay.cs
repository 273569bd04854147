// Carries the stack's word that a TCP or UDP socket's readiness may have changed to the socket file's Readiness,
// which wakes blocked callers and tells epoll and poll observers. One per inet socket file, reused with it.
using Kiln.Net.Sockets;

namespace Kiln.Kernel.Sockets
{
    internal sealed class SocketEventRelay : SocketObserver
    {
        private readonly SocketFile _file;

        public SocketEventRelay(SocketFile file)
        {
            _file = file;
        }

        public override void OnSocketEvents(uint pollEvents) => _file.Readiness.Notify(pollEvents);
    }
}
