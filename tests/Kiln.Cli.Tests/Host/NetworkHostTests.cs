// Host-side network pieces: the manifest records a GuestNetwork becomes, resolv.conf's text, and the check that a
// forwarded port is free on 127.0.0.1 (held here by a real listener and a real UDP socket).

using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kiln.Host;
using Kiln.Host.Image;
using Kiln.Manifest;
using Xunit;

namespace Kiln.Cli.Tests.Host
{
    public sealed class NetworkHostTests
    {
        [Fact]
        public void AStaticNetworkBecomesIpGatewayAndDnsRecords()
        {
            GuestNetwork network = new GuestNetwork(false, 0xC0A80107, 16, 0xC0A80001, new uint[] { 0x01010101, 0x09090909 });
            string manifest = Manifest(network);
            Assert.EndsWith("\0ip=192.168.1.7/16\0gateway=192.168.0.1\0dns=1.1.1.1\0dns=9.9.9.9\0", manifest);
            Assert.DoesNotContain("dhcp=", manifest);
            Assert.Equal(ManifestError.None, ManifestNetwork.Read(Encoding.ASCII.GetBytes(manifest), out ManifestNetwork read));
            Assert.Equal((0xC0A80107u, 16, 0xC0A80001u, 2), (read.Address, read.PrefixLength, read.Gateway, read.NameServerCount));
        }

        [Fact]
        public void DhcpBecomesTheDhcpFlagAndDns()
        {
            string manifest = Manifest(new GuestNetwork(true, 0, 0, 0, new uint[] { GuestNetwork.QemuResolver }));
            Assert.EndsWith("\0dhcp=1\0dns=10.0.2.3\0", manifest);
            Assert.DoesNotContain("ip=", manifest);
        }

        [Fact]
        public void NoNetworkWritesNoNetworkRecords()
        {
            string manifest = Manifest(null);
            Assert.DoesNotContain("dns=", manifest);
            Assert.DoesNotContain("gateway=", manifest);
        }

        [Fact]
        public void ResolvConfNamesTheServersInOrder()
        {
            Assert.Equal("# Written by kiln: the run's name servers (kiln run --dns).\nnameserver 8.8.8.8\nnameserver 10.0.2.3\n",
                SystemFiles.ResolvConf(new uint[] { 0x08080808, GuestNetwork.QemuResolver }));
        }

        [Fact]
        public void APortWithAListenerIsInUse()
        {
            using TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            HostError? error = HostPortCheck.FindUnavailable(new[] { new PortForward(ForwardProtocol.Tcp, port, $"--port '{port}'") });
            Assert.NotNull(error);
            Assert.Equal($"cannot forward --port '{port}': TCP port 127.0.0.1:{port} is already in use on the host", error!.Message);
            Assert.Equal("stop the program that uses it, or forward another port", error.Hint);
        }

        [Fact]
        public void ABoundUdpPortIsInUse()
        {
            using Socket udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            HostError? error = HostPortCheck.FindUnavailable(new[] { new PortForward(ForwardProtocol.Udp, port, $"--udp '{port}'") });
            Assert.Equal($"cannot forward --udp '{port}': UDP port 127.0.0.1:{port} is already in use on the host", error?.Message);
        }

        [Fact]
        public void APrivilegedPortAndOtherFailuresAreExplained()
        {
            // Root binds any port, so the message for a user without that right is pinned here rather than provoked.
            PortForward forward = new PortForward(ForwardProtocol.Tcp, 80, "RunConfig.Ports '80' in config.json");
            HostError denied = HostPortCheck.Describe(forward, SocketError.AccessDenied);
            Assert.Equal("cannot forward RunConfig.Ports '80' in config.json: binding TCP port 127.0.0.1:80 is not permitted (ports below 1024 need root)", denied.Message);
            Assert.Equal("forward a port of 1024 or above", denied.Hint);
            Assert.Equal("cannot forward RunConfig.Ports '80' in config.json: binding TCP port 127.0.0.1:80 failed: AddressNotAvailable",
                HostPortCheck.Describe(forward, SocketError.AddressNotAvailable).Message);
        }

        [Fact]
        public void APortWhoseLastConnectionIsInTimeWaitIsFree()
        {
            // The accepting side closes first, so its end (local port = the listener's) stays in TIME_WAIT, as QEMU's
            // forwarded connections do after a run; QEMU binds with SO_REUSEADDR and so succeeds, and so must the check.
            int port;
            using (TcpListener listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
                using TcpClient client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                using (Socket accepted = listener.AcceptSocket())
                {
                    accepted.Shutdown(SocketShutdown.Both);
                }

                Assert.Equal(0, client.GetStream().Read(new byte[1], 0, 1));
            }

            Assert.Null(HostPortCheck.FindUnavailable(new[] { new PortForward(ForwardProtocol.Tcp, port, "--port") }));
        }

        [Fact]
        public void AFreePortPassesAndIsLeftFree()
        {
            int port = FreePort();
            Assert.Null(HostPortCheck.FindUnavailable(new[] { new PortForward(ForwardProtocol.Tcp, port, "--port") }));
            using TcpListener again = new TcpListener(IPAddress.Loopback, port);
            again.Start();
        }

        private static int FreePort()
        {
            using TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static string Manifest(GuestNetwork? network)
        {
            ProgramLaunch launch = new ProgramLaunch("/p", new[] { "p" }, Array.Empty<string>(), false, false, Network: network);
            byte[]? manifest = ManifestBuilder.Build(launch, out HostError? error);
            Assert.True(manifest != null, error?.Message);
            return Encoding.ASCII.GetString(manifest!);
        }
    }
}
