// Before QEMU starts, checks that every forwarded port can be bound on the host's 127.0.0.1, so a port in use is a
// clear kiln error instead of QEMU's "Could not set up host forwarding rule" after the image was written. The check
// binds (and for TCP listens) the way QEMU's forwarder will, with SO_REUSEADDR as QEMU sets it, so connections of an
// earlier run still in TIME_WAIT do not count as "in use"; then closes at once. Another program can still take the
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

                return Describe(forward, result);
            }

            return null;
        }

        /// <summary>The error for <paramref name="forward"/> when binding it failed with <paramref name="result"/>.</summary>
        public static HostError Describe(PortForward forward, SocketError result)
        {
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

        // <asm-generic/socket.h>
        private const int SolSocket = 1;
        private const int SoReuseAddr = 2;

        private static SocketError TryBind(PortForward forward)
        {
            bool tcp = forward.Protocol == ForwardProtocol.Tcp;
            try
            {
                using Socket socket = new Socket(AddressFamily.InterNetwork, tcp ? SocketType.Stream : SocketType.Dgram, tcp ? ProtocolType.Tcp : ProtocolType.Udp);
                if (tcp)
                {
                    // Raw, because .NET's ReuseAddress also sets SO_REUSEPORT on Linux, which would let the bind share
                    // a port that another SO_REUSEPORT listener holds.
                    socket.SetRawSocketOption(SolSocket, SoReuseAddr, System.BitConverter.GetBytes(1));
                }

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
