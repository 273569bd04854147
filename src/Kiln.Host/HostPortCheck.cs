// Before QEMU starts, checks that every forwarded port can be bound on the host's 127.0.0.1, so a port in use is a
// clear kiln error instead of QEMU's "Could not set up host forwarding rule" after the image was written. The check
// binds (and for TCP listens) the way QEMU's forwarder will, then closes at once: another program can still take the
// port in between, which QEMU then reports itself.

using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace Kiln.Host
{
    /// <summary>Checks host ports before a run.</summary>
    public static class HostPortCheck
    {
        /// <summary>Null if every port of <paramref name="forwards"/> can be bound on 127.0.0.1; else the first that cannot, explained.</summary>
        public static HostError? FindUnavailable(IEnumerable<PortForward> forwards)
        {
            foreach (PortForward forward in forwards)
            {
                SocketError result = TryBind(forward);
                if (result == SocketError.Success)
                {
                    continue;
                }

                string protocol = forward.Protocol == ForwardProtocol.Tcp ? "TCP" : "UDP";
                string where = $"127.0.0.1:{forward.Port}";
                switch (result)
                {
                    case SocketError.AddressAlreadyInUse:
                        return new HostError($"cannot forward {forward.Source}: {protocol} port {where} is already in use on the host",
                            "stop the program that uses it, or forward another port");
                    case SocketError.AccessDenied:
                        return new HostError($"cannot forward {forward.Source}: binding {protocol} port {where} is not permitted (ports below 1024 need root)",
                            "forward a port of 1024 or above");
                    default:
                        return new HostError($"cannot forward {forward.Source}: binding {protocol} port {where} failed: {result}");
                }
            }

            return null;
        }

        private static SocketError TryBind(PortForward forward)
        {
            bool tcp = forward.Protocol == ForwardProtocol.Tcp;
            try
            {
                using Socket socket = new Socket(AddressFamily.InterNetwork, tcp ? SocketType.Stream : SocketType.Dgram, tcp ? ProtocolType.Tcp : ProtocolType.Udp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, forward.Port));
                if (tcp)
                {
                    socket.Listen(1);
                }

                return SocketError.Success;
            }
            catch (SocketException e)
            {
                return e.SocketErrorCode;
            }
        }
    }
}
