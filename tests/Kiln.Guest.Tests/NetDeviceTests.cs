// Kiln-only behaviour: the virtio-net driver and the network thread, booted for real. The kernel runs
// kiln.selftest=net (Diagnostics/NetSelfTest.cs) with a NIC on QEMU's user-mode network: it ARP-resolves the gateway
// 10.0.2.2 and exchanges ICMP echo with it (a small frame, a full-size one, a burst in flight at once) with raw
// frames, the network thread draining the receive ring on interrupts; then, through the network stack, it takes a
// DHCP lease from slirp and echoes 200,000 bytes over TCP with a server this test runs on the host's 127.0.0.1 (slirp
// maps it to 10.0.2.2). Each variant of the device the driver must handle gets a run: modern and legacy transports,
// mergeable receive buffers or not, the header in a descriptor of its own (legacy without ANY_LAYOUT).
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Kiln.Host;
using Xunit;

namespace Kiln.Guest.Tests;

public sealed class NetDeviceTests
{
    [Fact]
    public async Task Modern_virtio_net_resolves_the_gateway_and_echoes_through_mergeable_buffers()
    {
        string log = await AssertSelfTestAsync(new[] { "virtio-net-pci,netdev=n0" }, "virtio-net (modern)");
        Assert.Contains("selftest: nic 0: negotiated MAC MRG_RXBUF STATUS VERSION_1\n", log);
        Assert.Contains("selftest: nic 0: receive buffers of 1024 bytes\n", log);

        // A 1514-byte reply does not fit a 1024-byte buffer: the device spread it over two.
        Assert.Contains("selftest: merged frames yes\n", log);
    }

    [Fact]
    public async Task Legacy_virtio_net_does_the_same()
    {
        string log = await AssertSelfTestAsync(new[] { "virtio-net-pci,netdev=n0,disable-modern=on" }, "virtio-net (legacy)");
        Assert.Contains("selftest: nic 0: negotiated MAC MRG_RXBUF STATUS ANY_LAYOUT\n", log);
        Assert.Contains("selftest: merged frames yes\n", log);
    }

    [Fact]
    public async Task Without_mergeable_buffers_each_frame_fills_one_whole_buffer()
    {
        string log = await AssertSelfTestAsync(new[] { "virtio-net-pci,netdev=n0,mrg_rxbuf=off" }, "virtio-net (modern)");
        Assert.Contains("selftest: nic 0: negotiated MAC STATUS VERSION_1\n", log);
        Assert.Contains("selftest: nic 0: receive buffers of 2048 bytes\n", log);
        Assert.Contains("selftest: merged frames no\n", log);
    }

    [Fact]
    public async Task A_legacy_device_without_any_layout_gets_the_header_in_its_own_descriptor()
    {
        string log = await AssertSelfTestAsync(
            new[] { "virtio-net-pci,netdev=n0,disable-modern=on,mrg_rxbuf=off,any_layout=off" },
            "virtio-net (legacy)");
        Assert.Contains("selftest: nic 0: negotiated MAC STATUS\n", log);
    }

    [Fact]
    public async Task Two_nics_both_come_up_and_the_first_carries_the_traffic()
    {
        string log = await AssertSelfTestAsync(
            new[] { "virtio-net-pci,netdev=n0", "virtio-net-pci,netdev=n1,mac=52:54:00:12:34:57" },
            "virtio-net (modern)");
        Assert.Contains("selftest: nics 2\n", log);
        Assert.Contains("selftest: nic 1: virtio-net (modern) mac 52:54:00:12:34:57 mtu 1500 link up interrupts\n", log);
    }

    [Fact]
    public async Task Without_a_nic_the_self_test_fails()
    {
        if (!KilnRunner.IsKiln)
        {
            return;
        }

        ProcessResult result = await BootAsync(new string[0], 0);
        string log = result.Stderr.Replace("\r", "");
        Assert.False(result.TimedOut, result.Describe());
        Assert.Contains("selftest: nics 0\n", log);
        Assert.Contains("selftest: FAILED", log);
        Assert.Equal(5, result.ExitCode);   // isa-debug-exit's (2 << 1) | 1
    }

    [Fact]
    public async Task Kiln_run_verbose_names_eth0_with_the_default_address()
    {
        string? log = await RunHelloAsync("--verbose");
        if (log == null)
        {
            return;
        }

        Assert.Contains("kiln: net: eth0 52:54:00:12:34:56 10.0.2.15/24 gateway 10.0.2.2\n", log);
    }

    [Fact]
    public async Task A_static_address_from_the_command_line_reaches_eth0()
    {
        string? log = await RunHelloAsync("--verbose", "--ip", "192.168.7.9/24", "--gateway", "192.168.7.1");
        if (log == null)
        {
            return;
        }

        Assert.Contains("kiln: net: eth0 52:54:00:12:34:56 192.168.7.9/24 gateway 192.168.7.1\n", log);
    }

    [Fact]
    public async Task With_dhcp_eth0_starts_without_an_address_and_asks_for_one()
    {
        // The lease line may come before or after the program ends; the start is certain.
        string? log = await RunHelloAsync("--verbose", "--dhcp");
        if (log == null)
        {
            return;
        }

        Assert.Contains("kiln: net: eth0 52:54:00:12:34:56 dhcp\n", log);
    }

    [Fact]
    public async Task Without_a_network_there_is_no_nic()
    {
        string? log = await RunHelloAsync("--verbose", "--no-network");
        if (log == null)
        {
            return;
        }

        Assert.DoesNotContain("kiln: net:", log);
    }

    // Runs the hello program under kiln run with the given options; its stderr, after checking it ran. A substitute
    // runner (a Linux guest) knows none of these options: then nothing runs and the result is null.
    private static async Task<string?> RunHelloAsync(params string[] kilnArgs)
    {
        KilnRunner.AssertPrerequisites();
        if (!KilnRunner.IsKiln)
        {
            return null;
        }

        var guest = new GuestCase("net/hello", "hello", Array.Empty<string>(), new Dictionary<string, string>(), "", 0, null);
        ProcessResult result = await KilnRunner.RunAsync(RepoPaths.Program(LibcVariant.Glibc, "hello"), guest, kilnArgs);
        Assert.False(result.TimedOut, result.Describe());
        Assert.Equal(0, result.ExitCode);
        return result.Stderr.Replace("\r", "");
    }

    private static async Task<string> AssertSelfTestAsync(string[] devices, string model)
    {
        KilnRunner.AssertPrerequisites();
        if (!KilnRunner.IsKiln)
        {
            // A substitute runner (a Linux guest) has no Kiln kernel to self-test.
            return "";
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<long> echo = EchoOnceAsync(listener);
        ProcessResult result = await BootAsync(devices, port);
        string log = result.Stderr.Replace("\r", "");
        string why = result.Describe();
        Assert.False(result.TimedOut, why);
        Assert.Contains("selftest: done", log);
        Assert.Equal(1, result.ExitCode);   // isa-debug-exit's (0 << 1) | 1: the self-test passed
        Assert.Contains($"selftest: nics {devices.Length}\n", log);
        Assert.Contains($"selftest: nic 0: {model} mac 52:54:00:12:34:56 mtu 1500 link up interrupts\n", log);

        // slirp's gateway answers ARP with its fixed address 52:55:0a:00:02:02 (10.0.2.2 in the last four octets).
        Assert.Contains("selftest: arp 10.0.2.2 is 52:55:0a:00:02:02\n", log);
        Assert.Contains("selftest: echo 56 bytes ok\n", log);
        Assert.Contains("selftest: echo 1472 bytes ok\n", log);
        Assert.Contains("selftest: burst 32/32 answered\n", log);
        Assert.Contains("selftest: sequential echoes 50/50", log);
        Assert.Contains("selftest: interrupts yes\n", log);
        Assert.Contains("selftest: receive drops 0\n", log);
        Assert.Contains("selftest: transmit drops 0\n", log);
        Assert.Contains("selftest: bad replies 0\n", log);

        // Through the stack: slirp's DHCP server hands out its first address, and the host's echo server saw every byte.
        Assert.Contains("selftest: dhcp 10.0.2.15/24 gateway 10.0.2.2\n", log);
        Assert.Contains("selftest: tcp connected to the host\n", log);
        Assert.Contains("selftest: tcp echo 200000 of 200000 bytes back intact\n", log);
        Assert.Equal(200_000, await echo.WaitAsync(TimeSpan.FromSeconds(10)));
        return log;
    }

    // Accepts one connection and sends back everything it reads until the guest half-closes; returns the byte count.
    private static async Task<long> EchoOnceAsync(TcpListener listener)
    {
        using TcpClient client = await listener.AcceptTcpClientAsync();
        NetworkStream stream = client.GetStream();
        byte[] buffer = new byte[65536];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read));
            total += read;
        }

        return total;
    }

    private static async Task<ProcessResult> BootAsync(IReadOnlyList<string> devices, int echoPort)
    {
        string kernel = System.Environment.GetEnvironmentVariable("KILN_KERNEL") is { Length: > 0 } chosen ? chosen : RepoPaths.KernelElf;

        // The self-test powers off before the kernel looks for its root disk, so no disk is attached.
        var options = new QemuOptions("qemu-system-x86_64", Accelerator.Tcg, 256, QemuCommandLine.DefaultBiosPath, kernel, new List<QemuDisk>());
        var args = new List<string>(QemuCommandLine.Build(options));

        // Drop any NIC the command line builder adds: each test chooses its own. A later -append wins over one Build
        // may have taken from KILN_KERNEL_CMDLINE.
        RemoveOption(args, "-netdev");
        RemoveOption(args, "-nic");
        for (int i = 0; i < devices.Count; i++)
        {
            args.Add("-netdev");
            args.Add($"user,id=n{i}");
            args.Add("-device");
            args.Add(devices[i]);
        }

        args.Add("-append");
        args.Add(echoPort == 0 ? "kiln.selftest=net" : $"kiln.selftest=net kiln.selftest.port={echoPort}");
        await KilnRunner.s_vmSlots.WaitAsync();
        try
        {
            return await ProcessRunner.RunAsync(
                "qemu-system-x86_64",
                args,
                new Dictionary<string, string>(),
                replaceEnv: false,
                stdin: "",
                KilnRunner.Timeout,
                RepoPaths.Root);
        }
        finally
        {
            KilnRunner.s_vmSlots.Release();
        }
    }

    private static void RemoveOption(List<string> args, string option)
    {
        for (int i = args.Count - 2; i >= 0; i--)
        {
            if (args[i] == option)
            {
                args.RemoveRange(i, 2);
            }
        }
    }
}
