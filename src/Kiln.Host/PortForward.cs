// One host port forwarded to the guest: QEMU listens on 127.0.0.1:Port and relays to the guest's same port. Source says
// where the user asked for it ("--port '8000-8010'", "RunConfig.Ports '8080' in config.json") for error messages.

namespace Kiln.Host
{
    /// <summary>The transport protocol of a forward.</summary>
    public enum ForwardProtocol
    {
        /// <summary>TCP: -p/--port, RunConfig.Ports.</summary>
        Tcp,

        /// <summary>UDP: --udp, RunConfig.UDPPorts.</summary>
        Udp,
    }

    /// <summary>A forwarded port and who asked for it.</summary>
    /// <param name="Protocol">TCP or UDP.</param>
    /// <param name="Port">The port, 1 to 65535, on the host's 127.0.0.1 and in the guest.</param>
    /// <param name="Source">The option or config key and the value as typed.</param>
    public sealed record PortForward(ForwardProtocol Protocol, int Port, string Source);
}
