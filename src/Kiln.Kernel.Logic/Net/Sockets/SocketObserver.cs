// Who hears that a socket's readiness may have changed: the kernel's socket file, which wakes blocked callers and
// epoll/poll observers. Host tests record the calls.
namespace Kiln.Net.Sockets
{
    public abstract class SocketObserver
    {
        /// <summary><paramref name="pollEvents"/> are the socket's poll bits now (Linux EPOLL* values).</summary>
        public abstract void OnSocketEvents(uint pollEvents);
    }
}
