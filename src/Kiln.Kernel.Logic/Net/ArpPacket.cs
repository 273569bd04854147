// An ARP packet for IPv4 over Ethernet (RFC 826): hardware type 1, protocol type 0x0800, address lengths 6 and 4,
// operation request (1) or reply (2). IPv4 addresses are held as uint in network order value (10.0.2.15 = 0x0A00020F).
using System;

namespace Kiln.Net
{
    public struct ArpPacket
    {
        public const int Length = 28;
        public const ushort HardwareEthernet = 1;
        public const ushort OperationRequest = 1;
        public const ushort OperationReply = 2;

        public ushort Operation;
        public ulong SenderMac;
        public uint SenderIp;
        public ulong TargetMac;
        public uint TargetIp;

        /// <summary>Parses an ARP packet; bytes after the 28 (Ethernet padding) are ignored.</summary>
        public static NetError Parse(ReadOnlySpan<byte> packet, out ArpPacket arp)
        {
            arp = default;
            if (packet.Length < Length)
            {
                return NetError.TooShort;
            }

            if (BigEndian.ReadUInt16(packet) != HardwareEthernet || BigEndian.ReadUInt16(packet.Slice(2, 2)) != EtherType.Ipv4
                || packet[4] != 6 || packet[5] != 4)
            {
                return NetError.UnsupportedAddressFormat;
            }

            ushort operation = BigEndian.ReadUInt16(packet.Slice(6, 2));
            if (operation != OperationRequest && operation != OperationReply)
            {
                return NetError.BadOperation;
            }

            arp.Operation = operation;
            arp.SenderMac = BigEndian.ReadUInt48(packet.Slice(8, 6));
            arp.SenderIp = BigEndian.ReadUInt32(packet.Slice(14, 4));
            arp.TargetMac = BigEndian.ReadUInt48(packet.Slice(18, 6));
            arp.TargetIp = BigEndian.ReadUInt32(packet.Slice(24, 4));
            return NetError.None;
        }

        /// <summary>A request asking who has targetIp; the target MAC is zero (RFC 826 leaves it unspecified).</summary>
        public static ArpPacket Request(ulong senderMac, uint senderIp, uint targetIp)
        {
            ArpPacket arp = default;
            arp.Operation = OperationRequest;
            arp.SenderMac = senderMac;
            arp.SenderIp = senderIp;
            arp.TargetIp = targetIp;
            return arp;
        }

        /// <summary>The reply to request from the host owning ourMac: the requester becomes the target.</summary>
        public static ArpPacket ReplyTo(in ArpPacket request, ulong ourMac)
        {
            ArpPacket arp = default;
            arp.Operation = OperationReply;
            arp.SenderMac = ourMac;
            arp.SenderIp = request.TargetIp;
            arp.TargetMac = request.SenderMac;
            arp.TargetIp = request.SenderIp;
            return arp;
        }

        /// <summary>Writes the 28-byte packet; returns Length, or 0 if destination is too small.</summary>
        public int Write(Span<byte> destination)
        {
            if (destination.Length < Length)
            {
                return 0;
            }

            BigEndian.WriteUInt16(destination, HardwareEthernet);
            BigEndian.WriteUInt16(destination.Slice(2, 2), EtherType.Ipv4);
            destination[4] = 6;
            destination[5] = 4;
            BigEndian.WriteUInt16(destination.Slice(6, 2), Operation);
            BigEndian.WriteUInt48(destination.Slice(8, 6), SenderMac & EthernetFrame.BroadcastMac);
            BigEndian.WriteUInt32(destination.Slice(14, 4), SenderIp);
            BigEndian.WriteUInt48(destination.Slice(18, 6), TargetMac & EthernetFrame.BroadcastMac);
            BigEndian.WriteUInt32(destination.Slice(24, 4), TargetIp);
            return Length;
        }
    }
}
