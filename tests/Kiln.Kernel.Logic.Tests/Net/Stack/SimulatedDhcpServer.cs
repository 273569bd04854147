// A small DHCP server on the simulated wire for the client's tests: it answers ARP for its own address, offers one
// address with a mask, router, two DNS servers and a lease, ACKs (or, when told, NAKs) requests, and records the
// requests it saw (broadcast or unicast, with ciaddr) so tests can check renewal and rebinding.
using System;
using System.Collections.Generic;
using Kiln.Net;
using Kiln.Net.Dhcp;

namespace Kiln.Kernel.Logic.Tests.Net.Stack
{
    public sealed class SimulatedDhcpServer
    {
        public const uint ServerAddress = 0x0A00_0009;
        public const uint Offered = 0x0A00_0032;
        public const uint Router = 0x0A00_00FE;
        public const ulong Mac = 0x0200_0000_0009;

        private readonly SimulatedWire.Station _station;
        public uint LeaseSeconds = 100;
        public bool NakRequests;
        public bool Silent;
        public readonly List<(byte Type, uint ClientAddress, bool Unicast)> Seen = new List<(byte, uint, bool)>();

        public SimulatedDhcpServer(SimulatedWire wire)
        {
            _station = wire.AttachRaw(Mac, Receive);
        }

        private void Receive(byte[] frame)
        {
            if (EthernetFrame.Parse(frame, out EthernetFrame ethernet) != NetError.None)
            {
                return;
            }

            if (ethernet.EtherType == EtherType.Arp)
            {
                if (ArpPacket.Parse(frame.AsSpan(EthernetFrame.HeaderLength), out ArpPacket arp) == NetError.None
                    && arp.Operation == ArpPacket.OperationRequest && arp.TargetIp == ServerAddress)
                {
                    _station.Transmit(RawFrames.Arp(Mac, arp.SenderMac, ArpPacket.ReplyTo(arp, Mac)));
                }

                return;
            }

            if (!RawFrames.ParseIpv4(frame, out Ipv4Header ip, out byte[] payload) || ip.Protocol != IpProtocol.Udp
                || UdpDatagram.Parse(payload, ip.Source, ip.Destination, out UdpDatagram udp) != UdpError.None || udp.DestinationPort != 67)
            {
                return;
            }

            if (!DhcpMessage.Parse(payload.AsSpan(UdpDatagram.HeaderSize, udp.PayloadLength), out DhcpMessage request))
            {
                return;
            }

            Seen.Add((request.MessageType, request.ClientAddress, ip.Destination == ServerAddress));
            if (Silent)
            {
                return;
            }

            DhcpMessage reply = default;
            reply.Operation = DhcpMessage.OperationReply;
            reply.TransactionId = request.TransactionId;
            reply.ClientMac = request.ClientMac;
            reply.ServerIdentifier = ServerAddress;
            if (request.MessageType == DhcpMessageType.Discover)
            {
                reply.MessageType = DhcpMessageType.Offer;
            }
            else if (request.MessageType == DhcpMessageType.Request)
            {
                reply.MessageType = NakRequests ? DhcpMessageType.Nak : DhcpMessageType.Ack;
            }
            else
            {
                return;
            }

            if (reply.MessageType != DhcpMessageType.Nak)
            {
                reply.YourAddress = Offered;
                reply.HasSubnetMask = true;
                reply.SubnetMask = 0xFFFF_FF00;
                reply.Router = Router;
                reply.LeaseSeconds = LeaseSeconds;
                reply.AddDns(0x0A00_0035);
                reply.AddDns(0x0A00_0036);
            }

            var message = new byte[DhcpMessage.WriteRoom];
            int length = reply.Write(message);
            byte[] udpBytes = RawFrames.Udp(ServerAddress, 67, 0xFFFF_FFFF, 68, message.AsSpan(0, length));
            _station.Transmit(RawFrames.Ipv4(Mac, EthernetFrame.BroadcastMac, ServerAddress, 0xFFFF_FFFF, IpProtocol.Udp, udpBytes));
        }
    }
}
