// Given/When/Then tests of kiln's network options as a user meets them: what QEMU is handed (through a stand-in QEMU
// that records its arguments and the root disk), what the manifest, the environment and resolv.conf say, and every
// message for a bad port, address, combination or busy host port. Nothing here boots a VM.

using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kiln.Cli.Tests.Support;
using Kiln.Host.Image;
using Xunit;

namespace Kiln.Cli.Tests.Cli
{
    public sealed class NetworkMessageTests : IClassFixture<ProgramFiles>
    {
        private const string UsageHint = "hint: run 'kiln --help' for usage\n";

        private readonly ProgramFiles _files;
        private readonly FakeQemu _qemu;

        public NetworkMessageTests(ProgramFiles files)
        {
            _files = files;
            _qemu = new FakeQemu(Path.Combine(files.Directory, "fake-qemu-" + Guid.NewGuid().ToString("N")));
        }

        [Fact]
        public void Given_no_network_option_When_run_Then_QEMU_gets_a_virtio_net_NIC_on_its_user_network()
        {
            CliResult result = Run("run", _files.StaticProgram);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("-netdev user,id=net0 -device virtio-net-pci,netdev=net0,disable-legacy=on", _qemu.CommandLine);
            string manifest = Manifest();
            Assert.Contains("\0ip=10.0.2.15/24\0gateway=10.0.2.2\0dns=10.0.2.3\0", manifest);
            Assert.DoesNotContain("env=PORT=", manifest);
        }

        [Fact]
        public void Given_ports_When_run_Then_QEMU_forwards_them_and_the_program_is_told()
        {
            int tcp = FreePort();
            int udp = FreePort();
            CliResult result = Run("run", "-p", $"{tcp}", "--port", $"{tcp + 1}-{tcp + 2}", "--udp", $"{udp}", _files.StaticProgram);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains(
                $"-netdev user,id=net0,hostfwd=tcp:127.0.0.1:{tcp}-:{tcp},hostfwd=tcp:127.0.0.1:{tcp + 1}-:{tcp + 1}," +
                $"hostfwd=tcp:127.0.0.1:{tcp + 2}-:{tcp + 2},hostfwd=udp:127.0.0.1:{udp}-:{udp} -device virtio-net-pci",
                _qemu.CommandLine);
            string manifest = Manifest();
            Assert.Contains($"\0env=PORT={tcp}\0env=KILN_PORTS={tcp},{tcp + 1},{tcp + 2}\0env=KILN_UDP_PORTS={udp}\0", manifest);
        }

        [Fact]
        public void Given_PORT_set_by_the_user_When_run_with_a_port_Then_the_users_value_stays()
        {
            int tcp = FreePort();
            CliResult result = Run("run", "-e", "PORT=3000", "-p", $"{tcp}", _files.StaticProgram);
            Assert.True(result.ExitCode == 0, result.Stderr);
            string manifest = Manifest();
            Assert.Contains("\0env=PORT=3000\0", manifest);
            Assert.DoesNotContain($"env=PORT={tcp}", manifest);
            Assert.Contains($"\0env=KILN_PORTS={tcp}\0", manifest);
        }

        [Fact]
        public void Given_no_network_When_run_Then_QEMU_gets_no_NIC()
        {
            CliResult result = Run("run", "--no-network", _files.StaticProgram);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.DoesNotContain("-netdev", _qemu.CommandLine);
            Assert.DoesNotContain("virtio-net", _qemu.CommandLine);
        }

        [Fact]
        public void Given_a_static_address_elsewhere_When_run_Then_QEMU_serves_that_subnet_and_resolv_conf_names_the_dns()
        {
            CliResult result = Run("run", "--ip", "192.168.50.7", "--netmask", "255.255.255.0", "--gateway", "192.168.50.1", "--dns", "1.1.1.1", "--dns", "9.9.9.9", _files.StaticProgram);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("-netdev user,id=net0,net=192.168.50.0/24,host=192.168.50.1,dns=192.168.50.3,dhcpstart=192.168.50.7 -device", _qemu.CommandLine);
            Assert.Contains("\0ip=192.168.50.7/24\0gateway=192.168.50.1\0dns=1.1.1.1\0dns=9.9.9.9\0", Manifest());
            Assert.Equal("# Written by kiln: the run's name servers (kiln run --dns).\nnameserver 1.1.1.1\nnameserver 9.9.9.9\n", RootFile("/etc/resolv.conf"));
        }

        [Fact]
        public void Given_dhcp_When_run_Then_the_manifest_asks_for_DHCP_and_QEMU_keeps_its_defaults()
        {
            CliResult result = Run("run", "--dhcp", _files.StaticProgram);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("-netdev user,id=net0 -device", _qemu.CommandLine);
            string manifest = Manifest();
            Assert.Contains("\0dhcp=1\0dns=10.0.2.3\0", manifest);
            Assert.DoesNotContain("\0ip=", manifest);
            Assert.Contains("nameserver 10.0.2.3\n", RootFile("/etc/resolv.conf"));
        }

        [Fact]
        public void Given_a_config_with_network_keys_When_run_Then_they_apply_and_the_command_line_wins()
        {
            int tcp = FreePort();
            int udp = FreePort();
            string config = Path.Combine(_qemu.Directory, "net.json");
            File.WriteAllText(config, $"{{\n  \"RunConfig\": {{ \"Ports\": [{tcp}], \"UDPPorts\": [\"{udp}\"], \"IPAddress\": \"172.16.4.9\", \"NetMask\": \"255.255.0.0\", \"Gateway\": \"172.16.0.1\" }},\n  \"NameServers\": [\"8.8.8.8\"]\n}}\n");
            CliResult result = Run("run", "--config", config, "--dns", "1.0.0.1", _files.StaticProgram);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains($"net=172.16.0.0/16,host=172.16.0.1,dns=172.16.0.3,dhcpstart=172.16.4.9,hostfwd=tcp:127.0.0.1:{tcp}-:{tcp},hostfwd=udp:127.0.0.1:{udp}-:{udp} ", _qemu.CommandLine);
            Assert.Contains("\0ip=172.16.4.9/16\0gateway=172.16.0.1\0dns=1.0.0.1\0", Manifest());
        }

        [Fact]
        public void Given_a_built_image_When_run_with_ports_Then_QEMU_matches_the_images_network_and_forwards_them()
        {
            string image = Path.Combine(_qemu.Directory, "net.img");
            CliResult build = KilnProcess.Run(new[] { "build", "-o", image, "--ip", "10.9.8.7/16", "--dns", "1.1.1.1", _files.StaticProgram });
            Assert.True(build.ExitCode == 0, build.Stderr);
            int tcp = FreePort();
            CliResult result = Run("run", "-p", $"{tcp}", image);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains($"-netdev user,id=net0,net=10.9.0.0/16,host=10.9.0.2,dns=10.9.0.3,dhcpstart=10.9.8.7,hostfwd=tcp:127.0.0.1:{tcp}-:{tcp} ", _qemu.CommandLine);
            Assert.Equal(0, Run("run", "--no-network", image).ExitCode);
            Assert.DoesNotContain("-netdev", _qemu.CommandLine);
        }

        [Fact]
        public void Given_network_options_When_built_Then_the_image_holds_them_and_its_resolv_conf()
        {
            string image = Path.Combine(_qemu.Directory, "dhcp.img");
            CliResult result = KilnProcess.Run(new[] { "build", "-o", image, "--dhcp", "--dns", "9.9.9.9", _files.StaticProgram });
            Assert.True(result.ExitCode == 0, result.Stderr);
            using KilnFsImage root = KilnFsImage.Open(image, out string? error) ?? throw new Xunit.Sdk.XunitException(error);
            Assert.EndsWith("\0dhcp=1\0dns=9.9.9.9\0", Encoding.UTF8.GetString(root.ReadAllBytes(root.Find("/kiln/manifest")!)));
            Assert.EndsWith("nameserver 9.9.9.9\n", Encoding.UTF8.GetString(root.ReadAllBytes(root.Find("/etc/resolv.conf")!)));
        }

        [Theory]
        [InlineData("-p", "http", "invalid --port value 'http': expected PORT or FIRST-LAST, e.g. 8080 or 8000-8010")]
        [InlineData("--port", "0", "invalid --port value '0': ports are 1 to 65535")]
        [InlineData("-p", "70000", "invalid --port value '70000': ports are 1 to 65535")]
        [InlineData("-p", "9000-8000", "invalid --port value '9000-8000': the range's first port is above its last")]
        [InlineData("--udp", "5-", "invalid --udp value '5-': expected PORT or FIRST-LAST, e.g. 8080 or 8000-8010")]
        [InlineData("--ip", "10.0.2.256", "invalid --ip value '10.0.2.256': expected an IPv4 address A.B.C.D or A.B.C.D/PREFIX (PREFIX 1 to 32)")]
        [InlineData("--netmask", "255.0.255.0", "invalid --netmask value '255.0.255.0': expected a netmask such as 255.255.255.0 (contiguous ones) or a prefix length 1 to 32")]
        [InlineData("--gateway", "10.0.3.1", "invalid --gateway value '10.0.3.1': it is not in the guest's network 10.0.2.0/24")]
        [InlineData("--dns", "localhost", "invalid --dns value 'localhost': expected an IPv4 address A.B.C.D")]
        public void Given_a_bad_network_value_When_run_Then_the_error_names_the_flag_and_value(string flag, string value, string message)
        {
            CliResult result = Run("run", flag, value, _files.StaticProgram);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"kiln: error: {message}\n" + UsageHint, result.Stderr);
            Assert.False(File.Exists(_qemu.ArgumentsPath));
        }

        [Fact]
        public void Given_a_port_twice_When_run_Then_both_values_are_named()
        {
            CliResult result = Run("run", "-p", "8000-8010", "-p", "8005", _files.StaticProgram);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: invalid --port value '8005': port 8005 is already forwarded by --port '8000-8010'\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_ports_and_no_network_When_run_Then_it_says_they_cannot_go_together()
        {
            CliResult result = Run("run", "--no-network", "-p", "8080", _files.StaticProgram);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: --port '8080' forwards a port to the network, which --no-network leaves out\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_dhcp_and_a_static_address_When_run_Then_it_says_they_cannot_go_together()
        {
            CliResult result = Run("run", "--dhcp", "--ip", "10.0.2.20", _files.StaticProgram);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: --dhcp cannot be combined with --ip '10.0.2.20': DHCP gives the address and the gateway\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_four_name_servers_When_run_Then_the_fourth_is_refused()
        {
            CliResult result = Run("run", "--dns", "1.0.0.1", "--dns", "1.0.0.2", "--dns", "1.0.0.3", "--dns", "1.0.0.4", _files.StaticProgram);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: invalid --dns value '1.0.0.4': at most 3 name servers are used (glibc reads no more)\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_a_host_port_in_use_When_run_Then_it_says_so_before_booting()
        {
            using TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            CliResult result = Run("run", "-p", $"{port}", _files.StaticProgram);
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"kiln: error: cannot forward --port '{port}': TCP port 127.0.0.1:{port} is already in use on the host\nhint: stop the program that uses it, or forward another port\n", result.Stderr);
            Assert.False(File.Exists(_qemu.ArgumentsPath));
        }

        [Theory]
        [InlineData("{ \"RunConfig\": { \"Ports\": [\"80a\"] } }", "invalid RunConfig.Ports value '80a' in {0}: expected PORT or FIRST-LAST, e.g. 8080 or 8000-8010")]
        [InlineData("{ \"RunConfig\": { \"UDPPorts\": [53, 53] } }", "invalid RunConfig.UDPPorts value '53' in {0}: port 53 is already forwarded by RunConfig.UDPPorts '53' in {0}")]
        [InlineData("{ \"RunConfig\": { \"IPAddress\": \"10.0.2\" } }", "invalid RunConfig.IPAddress value '10.0.2' in {0}: expected an IPv4 address A.B.C.D or A.B.C.D/PREFIX (PREFIX 1 to 32)")]
        [InlineData("{ \"RunConfig\": { \"Gateway\": \"10.1.1.1\" } }", "invalid RunConfig.Gateway value '10.1.1.1' in {0}: it is not in the guest's network 10.0.2.0/24")]
        [InlineData("{ \"NameServers\": [\"8.8.8\"] }", "invalid NameServers value '8.8.8' in {0}: expected an IPv4 address A.B.C.D")]
        [InlineData("{\n  \"RunConfig\": {\n    \"IPAddress\": 10\n  }\n}", "{0}:3: 'RunConfig.IPAddress' must be a string such as \"10.0.2.15\"")]
        [InlineData("{\n  \"RunConfig\": {\n    \"UDPPorts\": [true]\n  }\n}", "{0}:3: 'RunConfig.UDPPorts[0]' must be one of strings or numbers, not a boolean")]
        [InlineData("{\n  \"NameServers\": \"8.8.8.8\"\n}", "{0}:2: 'NameServers' must be an array of strings")]
        [InlineData("{\n  \"RunConfig\": {\n    \"IPv6Address\": \"::1\"\n  }\n}", "{0}:3: unknown key 'RunConfig.IPv6Address'")]
        public void Given_a_bad_network_key_in_the_config_When_run_Then_the_error_names_the_file(string json, string message)
        {
            string config = Path.Combine(_qemu.Directory, "bad.json");
            File.WriteAllText(config, json);
            CliResult result = Run("run", "--config", config, _files.StaticProgram);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"kiln: error: {string.Format(message, config)}\n", result.Stderr);
        }

        [Fact]
        public void Given_a_built_image_When_run_with_a_network_setting_Then_it_says_the_setting_is_fixed()
        {
            string image = Path.Combine(_qemu.Directory, "fixed.img");
            Assert.Equal(0, KilnProcess.Run(new[] { "build", "-o", image, _files.StaticProgram }).ExitCode);
            CliResult result = Run("run", "--ip", "10.0.2.20", image);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"kiln: error: {image} is a built image: its network configuration (--dhcp, --ip, --netmask, --gateway, --dns) is fixed in it; change it with kiln build\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_ports_When_built_Then_it_says_ports_belong_to_the_run()
        {
            CliResult result = KilnProcess.Run(new[] { "build", "-p", "8080", _files.StaticProgram }, workingDirectory: _qemu.Directory);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("kiln: error: unknown option '-p' for 'kiln build'\n" + UsageHint, result.Stderr);
            result = KilnProcess.Run(new[] { "build", "--no-network", _files.StaticProgram }, workingDirectory: _qemu.Directory);
            Assert.Equal("kiln: error: unknown option '--no-network' for 'kiln build'\n" + UsageHint, result.Stderr);
        }

        [Fact]
        public void Given_help_for_run_When_kiln_runs_Then_the_network_options_are_described()
        {
            CliResult result = KilnProcess.Run(new[] { "run", "--help" });
            Assert.Equal(0, result.ExitCode);
            foreach (string option in new[] { "-p, --port <PORT[-PORT]>", "--udp <PORT[-PORT]>", "--no-network", "--dhcp", "--ip <A.B.C.D[/PREFIX]>", "--netmask <MASK>", "--gateway <A.B.C.D>", "--dns <A.B.C.D>" })
            {
                Assert.Contains(option, result.Stdout);
            }
        }

        private CliResult Run(params string[] arguments)
        {
            _qemu.Reset();
            return KilnProcess.Run(arguments, _qemu.Environment, _qemu.Directory);
        }

        private string Manifest() => RootFile("/kiln/manifest");

        private string RootFile(string path)
        {
            using KilnFsImage root = KilnFsImage.Open(_qemu.RootDiskPath, out string? error) ?? throw new Xunit.Sdk.XunitException(error);
            KilnFsEntry entry = root.Find(path) ?? throw new Xunit.Sdk.XunitException($"{path} is not in the root disk");
            return Encoding.UTF8.GetString(root.ReadAllBytes(entry));
        }

        // A port the host does not use now, in the ephemeral range: the kernel's choice for a listener on port 0.
        private static int FreePort()
        {
            using TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
