// `kiln.selftest=net`: brings up the NICs the probe found and talks to QEMU's user-mode network (slirp) through the
// first one without sockets, for NetDeviceTests on the host. It prints "selftest:" lines: each NIC's model, MAC,
// MTU, link and the features the device offered and the driver agreed to; then, from a kernel thread, with the
// network thread draining the receive ring on interrupts, it ARP-resolves the gateway 10.0.2.2, exchanges ICMP echo
// with it (a small and a full-size frame, whose reply spans two mergeable receive buffers, then a burst of requests
// in flight at once), and reports interrupts, drops and what each path cost. Frames are built and parsed here with
// Kiln.Net's headers; the stack is not involved, so this checks the driver and the network thread on their own.
// Then the frames go to the stack (NetSelfTest.Stack.cs): DHCP, and TCP with the host.
using System;
using Kiln.Devices;
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Devices;
using Kiln.Kernel.Devices.Virtio;
using Kiln.Kernel.Net;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Net;

namespace Kiln.Kernel.Diagnostics
{
    internal static partial class NetSelfTest
    {
        // QEMU's user networking: the guest's default address and the gateway (slirp answers ARP and ping for it).
        private const uint GuestAddress = 0x0A00_020F;
        private const uint GatewayAddress = 0x0A00_0202;
        private const ushort EchoIdentifier = 0x4B4C;
        private const ulong ReplyTimeoutNs = 2_000_000_000;
        private const ulong ArpRetryNs = 200_000_000;
        private const int SmallPayload = 56;
        private const int FullPayload = 1472;   // 1472 + 8 + 20 = 1500 bytes of IPv4: a 1514-byte frame
        private const int BurstCount = 32;
        private const int TimedEchoes = 50;

        private static readonly WaitQueue s_replies = new WaitQueue();
        private static readonly bool[] s_echoed = new bool[256];
        private static readonly int[] s_payloadLengths = new int[256];
        private static readonly byte[] s_frame = new byte[1514];
        private static NetworkDevice s_nic;
        private static ulong s_gatewayMac;
        private static int s_badReplies;
        private static ulong s_transmitCycles;
        private static ulong s_transmits;
        private static ulong s_sinkCycles;
        private static int s_failures;

        public static void Run()
        {
            Line("nics ", NetworkService.DeviceCount);
            for (int i = 0; i < NetworkService.DeviceCount; i++)
            {
                Describe(NetworkService.GetDevice(i));
            }

            if (NetworkService.DeviceCount == 0)
            {
                Finish();
            }

            // From here on the boot flow is a kernel thread: it blocks for replies, the network thread takes the
            // receive interrupts, and the idle thread halts in between.
            Thread self = ThreadRegistry.CreateKernel();
            if (self == null)
            {
                Panic.Stop("selftest: no thread");
            }

            Scheduler.Start(self);
            s_nic = NetworkService.GetDevice(0);
            NetworkService.SetSink(new Replies());
            if (!NetworkService.StartThread())
            {
                Fail("no network thread");
                Finish();
            }

            if (!ResolveGateway())
            {
                Finish();
            }

            EchoOnce(1, SmallPayload);
            EchoOnce(2, FullPayload);
            Burst();
            Measure();

            KernelLog.Write("selftest: merged frames ");
            KernelLog.WriteLine(s_nic.FramesMerged > 0 ? "yes" : "no");
            KernelLog.Write("selftest: interrupts ");
            KernelLog.WriteLine(VirtioInterrupts.Delivered > 0 ? "yes" : "no");
            Line("receive drops ", (long)s_nic.ReceiveDrops);
            Line("transmit drops ", (long)s_nic.TransmitDrops);
            Line("bad replies ", s_badReplies);
            ThroughTheStack();
            Finish();
        }

        private static void Describe(NetworkDevice nic)
        {
            KernelLog.Write("selftest: nic ");
            KernelLog.WriteDecimal((long)nic.Number);
            KernelLog.Write(": ");
            KernelLog.Write(nic.Model);
            KernelLog.Write(" mac ");
            NetLog.WriteMac(nic.MacAddress);
            KernelLog.Write(" mtu ");
            KernelLog.WriteDecimal((long)nic.Mtu);
            KernelLog.Write(nic.LinkUp ? " link up" : " link down");
            KernelLog.WriteLine(nic.ReceivesByInterrupt ? " interrupts" : " polled");
            if (nic is VirtioNet virtio)
            {
                WriteFeatures(nic, "offered", virtio.Transport.OfferedFeatures);
                WriteFeatures(nic, "negotiated", virtio.Transport.Features);
                KernelLog.Write("selftest: nic ");
                KernelLog.WriteDecimal((long)nic.Number);
                KernelLog.Write(": receive buffers of ");
                KernelLog.WriteDecimal((long)virtio.ReceiveBufferSize);
                KernelLog.WriteLine(" bytes");
            }
        }

        private static void WriteFeatures(NetworkDevice nic, string what, ulong features)
        {
            KernelLog.Write("selftest: nic ");
            KernelLog.WriteDecimal((long)nic.Number);
            KernelLog.Write(": ");
            KernelLog.Write(what);
            for (int bit = 0; bit < 64; bit++)
            {
                if ((features & (1UL << bit)) == 0)
                {
                    continue;
                }

                string name = VirtioNetFeatures.Name(bit);
                KernelLog.Put((byte)' ');
                if (name.Length == 0)
                {
                    KernelLog.Write("bit");
                    KernelLog.WriteDecimal((long)bit);
                }
                else
                {
                    KernelLog.Write(name);
                }
            }

            KernelLog.WriteLine();
        }

        // Broadcasts "who has 10.0.2.2" until the gateway answers, every 200 ms for 2 s.
        private static bool ResolveGateway()
        {
            ulong deadline = Clock.MonotonicNs() + ReplyTimeoutNs;
            while (s_gatewayMac == 0)
            {
                ulong now = Clock.MonotonicNs();
                if (now >= deadline)
                {
                    Fail("no ARP reply from 10.0.2.2");
                    return false;
                }

                SendArp(ArpPacket.Request(s_nic.MacAddress, GuestAddress, GatewayAddress), EthernetFrame.BroadcastMac);
                ulong retry = now + ArpRetryNs;
                s_replies.Wait(retry < deadline ? retry : deadline, interruptible: false);
            }

            KernelLog.Write("selftest: arp 10.0.2.2 is ");
            NetLog.WriteMac(s_gatewayMac);
            KernelLog.WriteLine();
            return true;
        }

        private static void EchoOnce(int sequence, int payload)
        {
            s_echoed[sequence] = false;
            if (!SendEcho(sequence, payload))
            {
                Fail("transmit refused an echo request");
                return;
            }

            if (!WaitForEchoes(sequence, 1))
            {
                Fail(payload == SmallPayload ? "no reply to a small echo" : "no reply to a full-size echo");
                return;
            }

            KernelLog.Write("selftest: echo ");
            KernelLog.WriteDecimal((long)payload);
            KernelLog.WriteLine(" bytes ok");
        }

        // Many requests sent back to back before any reply is read: the transmit ring holds them all at once and the
        // replies pile up in the receive ring for one wake-up of the network thread to drain.
        private static void Burst()
        {
            const int first = 16;
            for (int i = 0; i < BurstCount; i++)
            {
                s_echoed[first + i] = false;
            }

            ulong start = Clock.MonotonicNs();
            int sent = 0;
            for (int i = 0; i < BurstCount; i++)
            {
                if (SendEcho(first + i, i % 2 == 0 ? SmallPayload : FullPayload))
                {
                    sent++;
                }
            }

            ulong sendNs = Clock.MonotonicNs() - start;
            WaitForEchoes(first, BurstCount);
            int answered = 0;
            for (int i = 0; i < BurstCount; i++)
            {
                answered += s_echoed[first + i] ? 1 : 0;
            }

            KernelLog.Write("selftest: burst ");
            KernelLog.WriteDecimal((long)answered);
            KernelLog.Write("/");
            KernelLog.WriteDecimal((long)BurstCount);
            KernelLog.WriteLine(answered == BurstCount && sent == BurstCount ? " answered" : " FAILED");
            if (answered != BurstCount || sent != BurstCount)
            {
                s_failures++;
            }

            KernelLog.Write("selftest: burst sent in ");
            KernelLog.WriteDecimal(sendNs / 1000);
            KernelLog.WriteLine(" us (frames built and sent)");
        }

        // Round trips one at a time, for the figures in the report (not checked: they depend on the host).
        private static void Measure()
        {
            ulong start = Clock.MonotonicNs();
            ulong wakeups = NetworkService.Wakeups;
            int answered = 0;
            for (int i = 0; i < TimedEchoes; i++)
            {
                int sequence = 64 + i;
                s_echoed[sequence] = false;
                if (SendEcho(sequence, SmallPayload) && WaitForEchoes(sequence, 1))
                {
                    answered++;
                }
            }

            ulong elapsed = Clock.MonotonicNs() - start;
            KernelLog.Write("selftest: sequential echoes ");
            KernelLog.WriteDecimal((long)answered);
            KernelLog.Write("/");
            KernelLog.WriteDecimal((long)TimedEchoes);
            KernelLog.Write(", round trip ");
            KernelLog.WriteDecimal(elapsed / TimedEchoes / 1000);
            KernelLog.Write(" us, network thread wake-ups ");
            KernelLog.WriteDecimal(NetworkService.Wakeups - wakeups);
            KernelLog.WriteLine();
            if (answered != TimedEchoes)
            {
                s_failures++;
            }

            // The driver's own share: Transmit alone, and the receive drain less the time this file's checks took.
            KernelLog.Write("selftest: cost transmit ");
            KernelLog.WriteDecimal(Clock.CyclesToNanoseconds(s_transmitCycles / s_transmits));
            KernelLog.Write(" ns/frame, receive ");
            ulong frames = NetworkService.ReceiveFrames;
            ulong driver = NetworkService.ReceiveCycles > s_sinkCycles ? NetworkService.ReceiveCycles - s_sinkCycles : 0;
            KernelLog.WriteDecimal(frames == 0 ? 0 : Clock.CyclesToNanoseconds(driver / frames));
            KernelLog.WriteLine(" ns/frame (driver only)");
        }

        private static bool WaitForEchoes(int first, int count)
        {
            ulong deadline = Clock.MonotonicNs() + ReplyTimeoutNs;
            for (;;)
            {
                bool all = true;
                for (int i = 0; i < count; i++)
                {
                    all &= s_echoed[first + i];
                }

                if (all)
                {
                    return true;
                }

                if (Clock.MonotonicNs() >= deadline)
                {
                    return false;
                }

                s_replies.Wait(deadline, interruptible: false);
            }
        }

        private static void SendArp(ArpPacket arp, ulong destination)
        {
            Span<byte> frame = s_frame;
            EthernetFrame ethernet = default;
            ethernet.Destination = destination;
            ethernet.Source = s_nic.MacAddress;
            ethernet.EtherType = EtherType.Arp;
            ethernet.Write(frame);
            arp.Write(frame.Slice(EthernetFrame.HeaderLength));

            // The shortest Ethernet frame is 60 bytes before the FCS; the padding is zero.
            int length = EthernetFrame.HeaderLength + ArpPacket.Length;
            frame.Slice(length, 60 - length).Clear();
            s_nic.Transmit(frame.Slice(0, 60));
        }

        // An echo request whose payload byte i is (sequence + i), so a reply proves the payload came back intact.
        private static bool SendEcho(int sequence, int payload)
        {
            s_payloadLengths[sequence] = payload;
            Span<byte> frame = s_frame;
            EthernetFrame ethernet = default;
            ethernet.Destination = s_gatewayMac;
            ethernet.Source = s_nic.MacAddress;
            ethernet.EtherType = EtherType.Ipv4;
            ethernet.Write(frame);

            Span<byte> body = frame.Slice(EthernetFrame.HeaderLength + Ipv4Header.MinimumLength + IcmpMessage.HeaderLength, payload);
            for (int i = 0; i < payload; i++)
            {
                body[i] = (byte)(sequence + i);
            }

            IcmpMessage icmp = default;
            icmp.Type = IcmpMessage.TypeEchoRequest;
            icmp.Identifier = EchoIdentifier;
            icmp.Sequence = (ushort)sequence;
            Span<byte> message = frame.Slice(EthernetFrame.HeaderLength + Ipv4Header.MinimumLength);
            int icmpLength = icmp.Write(message, body);

            Ipv4Header ip = default;
            ip.TotalLength = (ushort)(Ipv4Header.MinimumLength + icmpLength);
            ip.Identification = (ushort)sequence;
            ip.TimeToLive = 64;
            ip.Protocol = IpProtocol.Icmp;
            ip.Source = GuestAddress;
            ip.Destination = GatewayAddress;
            ip.Write(frame.Slice(EthernetFrame.HeaderLength));
            ulong start = Cpu.ReadTimeStampCounter();
            bool sent = s_nic.Transmit(frame.Slice(0, EthernetFrame.HeaderLength + ip.TotalLength));
            s_transmitCycles += Cpu.ReadTimeStampCounter() - start;
            s_transmits++;
            return sent;
        }

        private static void Fail(string why)
        {
            KernelLog.Write("selftest: ");
            KernelLog.WriteLine(why);
            s_failures++;
        }

        private static void Line(string text, long value)
        {
            KernelLog.Write("selftest: ");
            KernelLog.Write(text);
            KernelLog.WriteDecimal(value);
            KernelLog.WriteLine();
        }

        private static void Finish()
        {
            bool passed = s_failures == 0 && NetworkService.DeviceCount > 0;
            KernelLog.WriteLine(passed ? "selftest: done" : "selftest: FAILED");
            DebugExit.PowerOff(passed ? 0u : 2u);
        }

        // Runs in the network thread: records the gateway's ARP reply and echo replies, answers ARP for our address.
        private sealed class Replies : FrameSink
        {
            public override void OnFrame(NetworkDevice device, Span<byte> frame)
            {
                ulong start = Cpu.ReadTimeStampCounter();
                Check(frame);
                s_sinkCycles += Cpu.ReadTimeStampCounter() - start;
            }

            private static void Check(Span<byte> frame)
            {
                if (EthernetFrame.Parse(frame, out EthernetFrame ethernet) != NetError.None)
                {
                    return;
                }

                Span<byte> payload = frame.Slice(EthernetFrame.HeaderLength);
                if (ethernet.EtherType == EtherType.Arp && ArpPacket.Parse(payload, out ArpPacket arp) == NetError.None)
                {
                    OnArp(arp);
                }
                else if (ethernet.EtherType == EtherType.Ipv4)
                {
                    OnIpv4(payload);
                }
            }

            private static void OnArp(in ArpPacket arp)
            {
                if (arp.Operation == ArpPacket.OperationReply && arp.SenderIp == GatewayAddress)
                {
                    s_gatewayMac = arp.SenderMac;
                    s_replies.WakeAll();
                }
                else if (arp.Operation == ArpPacket.OperationRequest && arp.TargetIp == GuestAddress)
                {
                    SendArp(ArpPacket.ReplyTo(arp, s_nic.MacAddress), arp.SenderMac);
                }
            }

            private static void OnIpv4(Span<byte> packet)
            {
                if (Ipv4Header.Parse(packet, out Ipv4Header ip) != NetError.None || ip.Protocol != IpProtocol.Icmp
                    || ip.Source != GatewayAddress || ip.Destination != GuestAddress)
                {
                    return;
                }

                ReadOnlySpan<byte> message = packet.Slice(ip.HeaderLength, ip.PayloadLength);
                if (IcmpMessage.Parse(message, out IcmpMessage icmp) != NetError.None || icmp.Type != IcmpMessage.TypeEchoReply
                    || icmp.Identifier != EchoIdentifier || icmp.Sequence >= s_echoed.Length)
                {
                    return;
                }

                ReadOnlySpan<byte> body = message.Slice(IcmpMessage.HeaderLength);
                if (body.Length != s_payloadLengths[icmp.Sequence])
                {
                    s_badReplies++;
                    return;
                }

                for (int i = 0; i < body.Length; i++)
                {
                    if (body[i] != (byte)(icmp.Sequence + i))
                    {
                        s_badReplies++;
                        return;
                    }
                }

                s_echoed[icmp.Sequence] = true;
                s_replies.WakeAll();
            }
        }
    }
}
