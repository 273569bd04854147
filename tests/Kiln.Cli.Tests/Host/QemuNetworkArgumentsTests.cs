// The QEMU arguments for the NIC: a modern-only virtio-net-pci on a user network, after the disks; QEMU's default
// subnet left implicit, another one spelled out with the guest's address first in DHCP's pool; forwards on 127.0.0.1
// in order, TCP then UDP; no NIC at all without a network. And how QemuNetwork derives QEMU's subnet from the guest's.

using System;
using System.Collections.Generic;
using Kiln.Host;
using Xunit;

namespace Kiln.Cli.Tests.Host
{
    public sealed class QemuNetworkArgumentsTests
    {
        private static readonly QemuNetwork s_default = QemuNetwork.For(GuestNetwork.Default, Array.Empty<int>(), Array.Empty<int>(), out _)!;

        [Fact]
        public void WithoutANetworkThereIsNoNic()
        {
            string line = Line(null);
            Assert.DoesNotContain("-netdev", line);
            Assert.DoesNotContain("virtio-net", line);
        }

        [Fact]
        public void TheDefaultNetworkIsQemusOwnAfterTheDisks()
        {
            string line = Line(s_default, new[] { new QemuDisk("/root.img", false, DiskBus.VirtioBlk) });
            Assert.EndsWith(
                "-drive file=/root.img,format=raw,if=none,id=disk0 -device virtio-blk-pci,drive=disk0 " +
                "-netdev user,id=net0 -device virtio-net-pci,netdev=net0,disable-legacy=on",
                line);
        }

        [Fact]
        public void ForwardsListenOnLoopbackTcpThenUdpInOrder()
        {
            QemuNetwork network = s_default with { TcpPorts = new[] { 8080, 81, 82 }, UdpPorts = new[] { 5353 } };
            Assert.Contains(
                "-netdev user,id=net0,hostfwd=tcp:127.0.0.1:8080-:8080,hostfwd=tcp:127.0.0.1:81-:81,hostfwd=tcp:127.0.0.1:82-:82," +
                "hostfwd=udp:127.0.0.1:5353-:5353 -device",
                Line(network));
        }

        [Fact]
        public void AnotherSubnetNamesItsGatewayResolverAndTheGuestAsFirstDhcpAddress()
        {
            GuestNetwork guest = new GuestNetwork(false, 0xC0A83207, 24, 0xC0A83201, new uint[] { 0x01010101 });
            QemuNetwork network = QemuNetwork.For(guest, new[] { 8080 }, Array.Empty<int>(), out string? error)!;
            Assert.Null(error);
            Assert.Contains(
                "-netdev user,id=net0,net=192.168.50.0/24,host=192.168.50.1,dns=192.168.50.3,dhcpstart=192.168.50.7," +
                "hostfwd=tcp:127.0.0.1:8080-:8080 -device virtio-net-pci,netdev=net0,disable-legacy=on",
                Line(network));
        }

        [Fact]
        public void TheResolverSkipsTheGuestAndGatewayAddresses()
        {
            // Guest .3 and gateway .4 take the first two candidates: QEMU's DNS forwarder goes to .5.
            GuestNetwork guest = new GuestNetwork(false, 0x0A000003, 29, 0x0A000004, Array.Empty<uint>());
            QemuNetwork network = QemuNetwork.For(guest, Array.Empty<int>(), Array.Empty<int>(), out _)!;
            Assert.Equal(0x0A000000u, network.Network);
            Assert.Equal(0x0A000005u, network.Resolver);
            Assert.Equal(0x0A000004u, network.Host);
        }

        [Fact]
        public void ASubnetWithoutRoomForTheResolverIsRefused()
        {
            GuestNetwork guest = new GuestNetwork(false, 0x0A000001, 30, 0x0A000002, Array.Empty<uint>());
            Assert.Null(QemuNetwork.For(guest, Array.Empty<int>(), Array.Empty<int>(), out string? error));
            Assert.Equal("the network 10.0.0.0/30 has no free address for QEMU's DNS forwarder beside the guest and its gateway: use a prefix of /29 or shorter", error);
        }

        [Fact]
        public void DhcpUsesQemusDefaultSubnet()
        {
            QemuNetwork network = QemuNetwork.For(new GuestNetwork(true, 0, 0, 0, Array.Empty<uint>()), Array.Empty<int>(), Array.Empty<int>(), out _)!;
            Assert.True(network.IsQemuDefault);
            Assert.True(s_default.IsQemuDefault);
        }

        [Fact]
        public void AddressesFormatAsDottedQuads()
        {
            Assert.Equal("10.0.2.15", GuestNetwork.Format(GuestNetwork.QemuGuestAddress));
            Assert.Equal("255.0.128.1", GuestNetwork.Format(0xFF008001));
        }

        private static string Line(QemuNetwork? network, IReadOnlyList<QemuDisk>? disks = null) =>
            string.Join(' ', QemuCommandLine.Build(new QemuOptions("q", Accelerator.Tcg, 256, "b", "k", disks ?? Array.Empty<QemuDisk>()) { Network = network }));
    }
}
