// NETLINK_ROUTE messages as glibc's getifaddrs and Go's net.Interfaces/InterfaceAddrs read them (rtnetlink(7),
// include/uapi/linux/netlink.h, rtnetlink.h, if_link.h, if_addr.h): the message header, RTM_NEWLINK records for
// links, RTM_NEWADDR records for IPv4 addresses, NLMSG_DONE and NLMSG_ERROR. Pure logic over byte spans; the kernel's
// netlink socket queues what these write.
#nullable enable
using System;
using System.Buffers.Binary;
using Kiln.Net.Addresses;
using Kiln.Net.Stack;

namespace Kiln.Net.Netlink
{
    public static class RouteNetlink
    {
        public const int HeaderSize = 16;

        public const ushort NLMSG_NOOP = 1;
        public const ushort NLMSG_ERROR = 2;
        public const ushort NLMSG_DONE = 3;
        public const ushort RTM_NEWLINK = 16;
        public const ushort RTM_GETLINK = 18;
        public const ushort RTM_NEWADDR = 20;
        public const ushort RTM_GETADDR = 22;

        public const ushort NLM_F_REQUEST = 0x1;
        public const ushort NLM_F_MULTI = 0x2;
        public const ushort NLM_F_ACK = 0x4;
        public const ushort NLM_F_DUMP = 0x300;

        public const ushort IFLA_ADDRESS = 1;
        public const ushort IFLA_BROADCAST = 2;
        public const ushort IFLA_IFNAME = 3;
        public const ushort IFLA_MTU = 4;
        public const ushort IFLA_TXQLEN = 13;
        public const ushort IFLA_OPERSTATE = 16;

        public const ushort IFA_ADDRESS = 1;
        public const ushort IFA_LOCAL = 2;
        public const ushort IFA_LABEL = 3;
        public const ushort IFA_BROADCAST = 4;

        public const ushort ARPHRD_ETHER = 1;
        public const ushort ARPHRD_LOOPBACK = 772;

        public const uint IFF_UP = 0x1;
        public const uint IFF_BROADCAST = 0x2;
        public const uint IFF_LOOPBACK = 0x8;
        public const uint IFF_RUNNING = 0x40;
        public const uint IFF_MULTICAST = 0x1000;
        public const uint IFF_LOWER_UP = 0x10000;

        private const byte IF_OPER_UP = 6;
        private const byte IF_OPER_UNKNOWN = 0;
        private const byte IFA_F_PERMANENT = 0x80;
        private const byte RT_SCOPE_UNIVERSE = 0;
        private const byte RT_SCOPE_HOST = 254;

        /// <summary>The interface flags (SIOCGIFFLAGS, ifi_flags) of an interface that is up.</summary>
        public static uint FlagsOf(NetInterface networkInterface) => networkInterface.IsLoopback
            ? IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP
            : IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | IFF_LOWER_UP;

        /// <summary>Reads a request's header: false when fewer than 16 bytes remain or its length does not fit.</summary>
        public static bool TryReadHeader(ReadOnlySpan<byte> message, out int length, out ushort type, out ushort flags, out uint sequence, out uint portId)
        {
            length = 0;
            type = 0;
            flags = 0;
            sequence = 0;
            portId = 0;
            if (message.Length < HeaderSize)
            {
                return false;
            }

            length = (int)BinaryPrimitives.ReadUInt32LittleEndian(message);
            type = BinaryPrimitives.ReadUInt16LittleEndian(message.Slice(4));
            flags = BinaryPrimitives.ReadUInt16LittleEndian(message.Slice(6));
            sequence = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(8));
            portId = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(12));
            return length >= HeaderSize && length <= message.Length;
        }

        /// <summary>NLMSG_ALIGN: messages and attributes start on 4-byte boundaries.</summary>
        public static int Align(int length) => (length + 3) & ~3;

        /// <summary>An RTM_NEWLINK record for <paramref name="networkInterface"/>: its length, or 0 when it does not fit.</summary>
        public static int WriteLink(Span<byte> destination, uint sequence, uint portId, NetInterface networkInterface)
        {
            int nameLength = networkInterface.Name.Length + 1;
            int length = HeaderSize + 16 + (2 * Attribute(6)) + Attribute(nameLength) + (2 * Attribute(4)) + Attribute(1);
            if (destination.Length < length)
            {
                return 0;
            }

            destination.Slice(0, length).Clear();
            WriteHeader(destination, length, RTM_NEWLINK, NLM_F_MULTI, sequence, portId);
            Span<byte> body = destination.Slice(HeaderSize);
            BinaryPrimitives.WriteUInt16LittleEndian(body.Slice(2), networkInterface.IsLoopback ? ARPHRD_LOOPBACK : ARPHRD_ETHER);
            BinaryPrimitives.WriteInt32LittleEndian(body.Slice(4), networkInterface.Index);
            BinaryPrimitives.WriteUInt32LittleEndian(body.Slice(8), FlagsOf(networkInterface));
            int at = HeaderSize + 16;

            Span<byte> mac = stackalloc byte[6];
            BigEndian.WriteUInt48(mac, networkInterface.MacAddress);
            at += WriteAttribute(destination.Slice(at), IFLA_ADDRESS, mac);
            if (!networkInterface.IsLoopback)
            {
                mac.Fill(0xFF);
            }

            at += WriteAttribute(destination.Slice(at), IFLA_BROADCAST, mac);
            at += WriteNameAttribute(destination.Slice(at), IFLA_IFNAME, networkInterface.Name);
            Span<byte> word = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)networkInterface.Mtu);
            at += WriteAttribute(destination.Slice(at), IFLA_MTU, word);
            BinaryPrimitives.WriteUInt32LittleEndian(word, 1000);
            at += WriteAttribute(destination.Slice(at), IFLA_TXQLEN, word);
            Span<byte> state = stackalloc byte[1];
            state[0] = networkInterface.IsLoopback ? IF_OPER_UNKNOWN : IF_OPER_UP;
            at += WriteAttribute(destination.Slice(at), IFLA_OPERSTATE, state);
            return at;
        }

        /// <summary>
        /// An RTM_NEWADDR record for the interface's IPv4 address: its length, 0 when it does not fit, or 0 with
        /// nothing written when the interface has no address (ask <see cref="HasAddress"/> first).
        /// </summary>
        public static int WriteAddress(Span<byte> destination, uint sequence, uint portId, NetInterface networkInterface)
        {
            if (!HasAddress(networkInterface))
            {
                return 0;
            }

            int nameLength = networkInterface.Name.Length + 1;
            bool broadcast = !networkInterface.IsLoopback && networkInterface.Ipv4PrefixLength < 31;
            int length = HeaderSize + 8 + (2 * Attribute(4)) + Attribute(nameLength) + (broadcast ? Attribute(4) : 0);
            if (destination.Length < length)
            {
                return 0;
            }

            destination.Slice(0, length).Clear();
            WriteHeader(destination, length, RTM_NEWADDR, NLM_F_MULTI, sequence, portId);
            Span<byte> body = destination.Slice(HeaderSize);
            body[0] = AddressFamily.AF_INET;
            body[1] = (byte)networkInterface.Ipv4PrefixLength;
            body[2] = IFA_F_PERMANENT;
            body[3] = networkInterface.IsLoopback ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
            BinaryPrimitives.WriteInt32LittleEndian(body.Slice(4), networkInterface.Index);
            int at = HeaderSize + 8;
            Span<byte> address = stackalloc byte[4];
            BigEndian.WriteUInt32(address, networkInterface.Ipv4Address);
            at += WriteAttribute(destination.Slice(at), IFA_ADDRESS, address);
            at += WriteAttribute(destination.Slice(at), IFA_LOCAL, address);
            if (broadcast)
            {
                BigEndian.WriteUInt32(address, networkInterface.Ipv4Address | ~PrefixMask(networkInterface.Ipv4PrefixLength));
                at += WriteAttribute(destination.Slice(at), IFA_BROADCAST, address);
            }

            at += WriteNameAttribute(destination.Slice(at), IFA_LABEL, networkInterface.Name);
            return at;
        }

        public static bool HasAddress(NetInterface networkInterface) => networkInterface.Ipv4Address != 0;

        /// <summary>The netmask of a prefix length, host order (24 -> 0xFFFFFF00).</summary>
        public static uint PrefixMask(int prefixLength) => prefixLength <= 0 ? 0 : prefixLength >= 32 ? uint.MaxValue : ~(uint.MaxValue >> prefixLength);

        /// <summary>NLMSG_DONE ending a dump (a 4-byte 0 payload, as Linux sends): its length, or 0 when it does not fit.</summary>
        public static int WriteDone(Span<byte> destination, uint sequence, uint portId)
        {
            const int length = HeaderSize + 4;
            if (destination.Length < length)
            {
                return 0;
            }

            destination.Slice(0, length).Clear();
            WriteHeader(destination, length, NLMSG_DONE, NLM_F_MULTI, sequence, portId);
            return length;
        }

        /// <summary>
        /// NLMSG_ERROR answering the request whose header is <paramref name="request"/>: <paramref name="error"/> is 0
        /// (an acknowledgement) or a negative errno, followed by the request's header. Its length, or 0.
        /// </summary>
        public static int WriteError(Span<byte> destination, int error, ReadOnlySpan<byte> request, uint portId)
        {
            const int length = HeaderSize + 4 + HeaderSize;
            if (destination.Length < length || request.Length < HeaderSize)
            {
                return 0;
            }

            destination.Slice(0, length).Clear();
            uint sequence = BinaryPrimitives.ReadUInt32LittleEndian(request.Slice(8));
            WriteHeader(destination, length, NLMSG_ERROR, 0, sequence, portId);
            BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(HeaderSize), error);
            request.Slice(0, HeaderSize).CopyTo(destination.Slice(HeaderSize + 4));
            return length;
        }

        private static int Attribute(int payload) => Align(4 + payload);

        private static void WriteHeader(Span<byte> destination, int length, ushort type, ushort flags, uint sequence, uint portId)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)length);
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4), type);
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(6), flags);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(8), sequence);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(12), portId);
        }

        private static int WriteAttribute(Span<byte> destination, ushort type, ReadOnlySpan<byte> payload)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)(4 + payload.Length));
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(2), type);
            payload.CopyTo(destination.Slice(4));
            return Attribute(payload.Length);
        }

        private static int WriteNameAttribute(Span<byte> destination, ushort type, string name)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)(4 + name.Length + 1));
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(2), type);
            for (int i = 0; i < name.Length; i++)
            {
                destination[4 + i] = (byte)name[i];
            }

            destination[4 + name.Length] = 0;
            return Attribute(name.Length + 1);
        }
    }
}
