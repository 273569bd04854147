// The second half of `kiln.selftest=net`: the same NIC under the network stack. eth0 gets its address from slirp's
// DHCP server through the stack's client; then, when the host gave a port (`kiln.selftest.port=P`, a TCP echo
// server NetDeviceTests runs on 127.0.0.1:P, which slirp reaches as 10.0.2.2:P), a TCP connection through the stack
// sends a pattern of EchoBytes, half-closes and reads it all back until the host closes.
using System;
using Kiln.Kernel.Boot;
using Kiln.Kernel.Console;
using Kiln.Kernel.Net;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Linux;
using Kiln.Net;
using Kiln.Net.Sockets;
using Kiln.Net.Stack;

namespace Kiln.Kernel.Diagnostics
{
    internal static partial class NetSelfTest
    {
        private const ulong DhcpTimeoutNs = 5_000_000_000;
        private const ulong TcpTimeoutNs = 20_000_000_000;
        private const ulong StepNs = 5_000_000;
        private const int EchoBytes = 200_000;

        private static void ThroughTheStack()
        {
            NetworkService.UseStack();
            NetStack stack = NetworkService.Stack;
            NetInterface eth0 = s_nic.Interface;
            if (eth0 == null)
            {
                Fail("eth0 is not in the stack");
                return;
            }

            stack.StartDhcp(eth0);
            NetworkService.Wake();
            ulong deadline = Clock.MonotonicNs() + DhcpTimeoutNs;
            while (!stack.IsDhcpBound(eth0) && Clock.MonotonicNs() < deadline)
            {
                Scheduler.SleepUntil(Clock.MonotonicNs() + StepNs, false);
            }

            if (!stack.IsDhcpBound(eth0))
            {
                Fail("no DHCP lease");
                return;
            }

            KernelLog.Write("selftest: dhcp ");
            NetLog.WriteIpv4(eth0.Ipv4Address);
            KernelLog.Put((byte)'/');
            KernelLog.WriteDecimal((long)eth0.Ipv4PrefixLength);
            KernelLog.Write(" gateway ");
            NetLog.WriteIpv4(stack.Gateway);
            KernelLog.WriteLine();

            if (KernelOptions.TryGetNumber("kiln.selftest.port", out ulong port) && port > 0 && port < 65536)
            {
                TcpEcho(stack, (ushort)port);
            }
        }

        private static void TcpEcho(NetStack stack, ushort port)
        {
            TcpSocket socket = stack.CreateTcpSocket();
            if (socket == null)
            {
                Fail("no TCP socket");
                return;
            }

            socket.Observer = new Wakeup();
            ulong deadline = Clock.MonotonicNs() + TcpTimeoutNs;
            long result = socket.Connect(new Ipv4Endpoint(stack.Gateway, port));
            NetworkService.TimersChanged();
            while (result == -Errno.EINPROGRESS && !socket.IsConnected && (socket.PollEvents & PollEvents.EPOLLERR) == 0 && Clock.MonotonicNs() < deadline)
            {
                s_replies.Wait(deadline, interruptible: false);
            }

            if (!socket.IsConnected)
            {
                KernelLog.Write("selftest: tcp connect failed ");
                KernelLog.WriteDecimal(result == -Errno.EINPROGRESS ? socket.TakeError() : result);
                KernelLog.WriteLine();
                s_failures++;
                socket.Close(true);
                return;
            }

            KernelLog.WriteLine("selftest: tcp connected to the host");
            ulong start = Clock.MonotonicNs();
            byte[] chunk = new byte[4096];
            int sent = 0;
            int received = 0;
            bool shut = false;
            bool mismatch = false;
            while (Clock.MonotonicNs() < deadline)
            {
                // Send what fits, read what came back, and sleep only when neither moved.
                bool progress = false;
                while (sent < EchoBytes)
                {
                    int length = Math.Min(chunk.Length, EchoBytes - sent);
                    for (int i = 0; i < length; i++)
                    {
                        chunk[i] = Pattern(sent + i);
                    }

                    long written = socket.Send(new ReadOnlySpan<byte>(chunk, 0, length));
                    if (written <= 0)
                    {
                        break;
                    }

                    sent += (int)written;
                    progress = true;
                }

                if (sent == EchoBytes && !shut)
                {
                    socket.Shutdown(1);
                    shut = true;
                }

                long read;
                while ((read = socket.Receive(chunk, false)) > 0)
                {
                    for (int i = 0; i < read; i++)
                    {
                        mismatch |= chunk[i] != Pattern(received + i);
                    }

                    received += (int)read;
                    progress = true;
                }

                NetworkService.TimersChanged();
                if (read == 0 || (read < 0 && read != -Errno.EAGAIN))
                {
                    break;
                }

                if (!progress)
                {
                    s_replies.Wait(deadline, interruptible: false);
                }
            }

            socket.Close(false);
            NetworkService.TimersChanged();
            KernelLog.Write("selftest: tcp echo ");
            KernelLog.WriteDecimal((long)received);
            KernelLog.Write(" of ");
            KernelLog.WriteDecimal((long)EchoBytes);
            bool passed = received == EchoBytes && !mismatch;
            KernelLog.WriteLine(passed ? " bytes back intact" : " bytes: FAILED");
            KernelLog.Write("selftest: tcp echo took ");
            KernelLog.WriteDecimal((Clock.MonotonicNs() - start) / 1000);
            KernelLog.WriteLine(" us");
            if (s_nic is Kiln.Kernel.Devices.Virtio.VirtioNet virtio)
            {
                KernelLog.Write("selftest: frames sent ");
                KernelLog.WriteDecimal(s_nic.FramesTransmitted);
                KernelLog.Write(", device notified ");
                KernelLog.WriteDecimal(virtio.TransmitNotifications);
                KernelLog.Write(" times; frames received ");
                KernelLog.WriteDecimal(s_nic.FramesReceived);
                KernelLog.Write(", network thread wake-ups ");
                KernelLog.WriteDecimal(NetworkService.Wakeups);
                KernelLog.WriteLine();
            }
            if (!passed)
            {
                s_failures++;
            }
        }

        private static byte Pattern(int offset) => (byte)((offset * 7) + (offset >> 11));

        // The stack calls it when the socket's readiness changes (in the network thread or inside our calls).
        private sealed class Wakeup : SocketObserver
        {
            public override void OnSocketEvents(uint pollEvents) => s_replies.WakeAll();
        }
    }
}
