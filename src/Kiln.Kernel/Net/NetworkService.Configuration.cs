// How the NICs get their addresses at boot, once the manifest is read: a static address, prefix and gateway for eth0
// from the manifest's ip and gateway records (kiln writes QEMU's 10.0.2.15/24 via 10.0.2.2 unless told otherwise),
// or the stack's DHCP client on eth0 when it says dhcp=1 (the lease is announced when it comes). The name servers
// (dns records) are kept for whoever asks; the program finds them in /etc/resolv.conf, which kiln writes into the
// image. With kiln.verbose=1 each NIC is announced, e.g. "kiln: net: eth0 52:54:00:12:34:56 10.0.2.15/24 gateway
// 10.0.2.2".
using System;
using Kiln.Kernel.Boot;
using Kiln.Kernel.Console;
using Kiln.Manifest;
using Kiln.Net.Stack;

namespace Kiln.Kernel.Net
{
    internal static partial class NetworkService
    {
        private static ManifestNetwork s_configuration;
        private static uint s_announcedLease;

        /// <summary>The network records the manifest held (name servers, DHCP or the static address).</summary>
        public static ManifestNetwork Configuration => s_configuration;

        /// <summary>
        /// Configures the NICs from <paramref name="manifest"/> (eth0's static address, or DHCP on eth0) and starts the
        /// network thread; the scheduler must run. Without a NIC it does nothing.
        /// </summary>
        public static void Start(ReadOnlySpan<byte> manifest)
        {
            if (s_deviceCount == 0)
            {
                return;
            }

            // The program loader validated the manifest already; a bad record here only leaves the network unconfigured.
            if (ManifestNetwork.Read(manifest, out s_configuration) != ManifestError.None)
            {
                s_configuration = default;
            }

            NetworkDevice first = s_devices[0];
            if (!s_configuration.Dhcp && s_configuration.HasAddress && first.Interface != null)
            {
                s_stack.SetAddress(first.Interface, s_configuration.Address, s_configuration.PrefixLength);
                if (s_configuration.HasGateway)
                {
                    s_stack.Gateway = s_configuration.Gateway;
                }
            }

            if (s_configuration.Dhcp && first.Interface != null)
            {
                s_stack.StartDhcp(first.Interface);
            }

            StartThread();
            for (int i = 0; i < s_deviceCount && KernelOptions.Verbose; i++)
            {
                Announce(s_devices[i]);
            }
        }

        // With kiln.verbose=1, says when DHCP gave eth0 an address (or a new one); from the network thread.
        private static void AnnounceLeases()
        {
            if (!KernelOptions.Verbose || !s_configuration.Dhcp || s_deviceCount == 0)
            {
                return;
            }

            NetInterface networkInterface = s_devices[0].Interface;
            if (networkInterface != null && s_stack.IsDhcpBound(networkInterface) && networkInterface.Ipv4Address != s_announcedLease)
            {
                s_announcedLease = networkInterface.Ipv4Address;
                Announce(s_devices[0]);
            }
        }

        private static void Announce(NetworkDevice device)
        {
            NetInterface networkInterface = device.Interface;
            KernelLog.Write("kiln: net: ");
            if (networkInterface != null)
            {
                KernelLog.Write(networkInterface.Name);
            }
            else
            {
                KernelLog.Write("eth");
                KernelLog.WriteDecimal((long)device.Number);
            }

            KernelLog.Put((byte)' ');
            NetLog.WriteMac(device.MacAddress);
            if (networkInterface == null)
            {
                KernelLog.WriteLine(" (not in the network stack)");
                return;
            }

            if (networkInterface.Ipv4Address != 0)
            {
                KernelLog.Put((byte)' ');
                NetLog.WriteIpv4(networkInterface.Ipv4Address);
                KernelLog.Put((byte)'/');
                KernelLog.WriteDecimal((long)networkInterface.Ipv4PrefixLength);
                if (device.Number == 0 && s_stack.Gateway != 0)
                {
                    KernelLog.Write(" gateway ");
                    NetLog.WriteIpv4(s_stack.Gateway);
                }

                KernelLog.WriteLine();
            }
            else
            {
                KernelLog.WriteLine(device.Number == 0 && s_configuration.Dhcp ? " dhcp" : " no address");
            }
        }
    }
}
