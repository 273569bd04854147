// A DHCP message (RFC 2131 section 2, options from RFC 2132): the fixed BOOTP fields a client needs, the magic
// cookie, and the options it sends or reads (message type, subnet mask, router, DNS servers, lease, T1, T2, server
// identifier, requested address, parameter request list). Parse rejects what is truncated or not for Ethernet;
// unknown options are skipped by length. The sname and file fields are not read (option overload is not supported).
#nullable enable
using System;

namespace Kiln.Net.Dhcp
{
    public struct DhcpMessage
    {
        public const int FixedLength = 236;
        public const uint MagicCookie = 0x6382_5363;
        public const byte OperationRequest = 1;
        public const byte OperationReply = 2;
        public const int MaximumDnsServers = 3;

        /// <summary>The room Write needs: the fixed part, the cookie and every option it can emit.</summary>
        public const int WriteRoom = 400;

        private const byte OptionPad = 0;
        private const byte OptionSubnetMask = 1;
        private const byte OptionRouter = 3;
        private const byte OptionDns = 6;
        private const byte OptionRequestedAddress = 50;
        private const byte OptionLeaseTime = 51;
        private const byte OptionMessageType = 53;
        private const byte OptionServerIdentifier = 54;
        private const byte OptionParameterRequest = 55;
        private const byte OptionRenewalTime = 58;
        private const byte OptionRebindingTime = 59;
        private const byte OptionEnd = 255;

        public byte Operation;
        public uint TransactionId;
        public ushort Seconds;

        /// <summary>The BROADCAST flag: asks the server to broadcast its reply (we cannot take unicast before we have
        /// an address on every link).</summary>
        public bool BroadcastFlag;
        public uint ClientAddress;
        public uint YourAddress;
        public uint ServerAddress;
        public uint RelayAddress;
        public ulong ClientMac;

        public byte MessageType;
        public bool HasSubnetMask;
        public uint SubnetMask;
        public uint Router;
        public uint ServerIdentifier;
        public uint RequestedAddress;
        public uint LeaseSeconds;
        public uint RenewalSeconds;
        public uint RebindingSeconds;
        public int DnsCount;
        public uint Dns0;
        public uint Dns1;
        public uint Dns2;

        public uint GetDns(int index) => index == 0 ? Dns0 : index == 1 ? Dns1 : index == 2 ? Dns2 : 0;

        public void AddDns(uint server)
        {
            switch (DnsCount)
            {
                case 0: Dns0 = server; break;
                case 1: Dns1 = server; break;
                case 2: Dns2 = server; break;
                default: return;
            }

            DnsCount++;
        }

        /// <summary>Parses a message (the UDP payload); false when it is truncated, malformed or not Ethernet.</summary>
        public static bool Parse(ReadOnlySpan<byte> bytes, out DhcpMessage message)
        {
            message = default;
            if (bytes.Length < FixedLength + 4 || bytes[1] != 1 || bytes[2] != 6
                || BigEndian.ReadUInt32(bytes.Slice(FixedLength, 4)) != MagicCookie)
            {
                return false;
            }

            message.Operation = bytes[0];
            message.TransactionId = BigEndian.ReadUInt32(bytes.Slice(4, 4));
            message.Seconds = BigEndian.ReadUInt16(bytes.Slice(8, 2));
            message.BroadcastFlag = (bytes[10] & 0x80) != 0;
            message.ClientAddress = BigEndian.ReadUInt32(bytes.Slice(12, 4));
            message.YourAddress = BigEndian.ReadUInt32(bytes.Slice(16, 4));
            message.ServerAddress = BigEndian.ReadUInt32(bytes.Slice(20, 4));
            message.RelayAddress = BigEndian.ReadUInt32(bytes.Slice(24, 4));
            message.ClientMac = BigEndian.ReadUInt48(bytes.Slice(28, 6));
            int i = FixedLength + 4;
            while (i < bytes.Length)
            {
                byte code = bytes[i++];
                if (code == OptionPad)
                {
                    continue;
                }

                if (code == OptionEnd)
                {
                    break;
                }

                if (i >= bytes.Length)
                {
                    return false;
                }

                int length = bytes[i++];
                if (length > bytes.Length - i)
                {
                    return false;
                }

                ReadOnlySpan<byte> value = bytes.Slice(i, length);
                i += length;
                switch (code)
                {
                    case OptionMessageType:
                        if (length >= 1)
                        {
                            message.MessageType = value[0];
                        }

                        break;
                    case OptionSubnetMask:
                        if (length == 4)
                        {
                            message.HasSubnetMask = true;
                            message.SubnetMask = BigEndian.ReadUInt32(value);
                        }

                        break;
                    case OptionRouter:
                        if (length >= 4)
                        {
                            message.Router = BigEndian.ReadUInt32(value);
                        }

                        break;
                    case OptionDns:
                        for (int d = 0; d + 4 <= length; d += 4)
                        {
                            message.AddDns(BigEndian.ReadUInt32(value.Slice(d, 4)));
                        }

                        break;
                    case OptionServerIdentifier:
                        message.ServerIdentifier = ReadAddress(value);
                        break;
                    case OptionRequestedAddress:
                        message.RequestedAddress = ReadAddress(value);
                        break;
                    case OptionLeaseTime:
                        message.LeaseSeconds = ReadAddress(value);
                        break;
                    case OptionRenewalTime:
                        message.RenewalSeconds = ReadAddress(value);
                        break;
                    case OptionRebindingTime:
                        message.RebindingSeconds = ReadAddress(value);
                        break;
                }
            }

            return message.MessageType != 0;
        }

        private static uint ReadAddress(ReadOnlySpan<byte> value) => value.Length == 4 ? BigEndian.ReadUInt32(value) : 0;

        /// <summary>Writes the message with the options that are set (zero fields are left out); returns the length,
        /// padded to the 300 bytes of a minimal BOOTP message, or 0 when <paramref name="destination"/> is too small.</summary>
        public int Write(Span<byte> destination)
        {
            const int minimum = 300;
            if (destination.Length < WriteRoom)
            {
                return 0;
            }

            destination.Slice(0, minimum).Clear();
            destination[0] = Operation;
            destination[1] = 1;
            destination[2] = 6;
            BigEndian.WriteUInt32(destination.Slice(4, 4), TransactionId);
            BigEndian.WriteUInt16(destination.Slice(8, 2), Seconds);
            destination[10] = BroadcastFlag ? (byte)0x80 : (byte)0;
            BigEndian.WriteUInt32(destination.Slice(12, 4), ClientAddress);
            BigEndian.WriteUInt32(destination.Slice(16, 4), YourAddress);
            BigEndian.WriteUInt32(destination.Slice(20, 4), ServerAddress);
            BigEndian.WriteUInt32(destination.Slice(24, 4), RelayAddress);
            BigEndian.WriteUInt48(destination.Slice(28, 6), ClientMac);
            BigEndian.WriteUInt32(destination.Slice(FixedLength, 4), MagicCookie);
            int i = FixedLength + 4;
            destination[i++] = OptionMessageType;
            destination[i++] = 1;
            destination[i++] = MessageType;
            i = WriteAddressOption(destination, i, OptionRequestedAddress, RequestedAddress);
            i = WriteAddressOption(destination, i, OptionServerIdentifier, ServerIdentifier);
            if (HasSubnetMask)
            {
                i = WriteAddressOption(destination, i, OptionSubnetMask, SubnetMask);
            }

            i = WriteAddressOption(destination, i, OptionRouter, Router);
            i = WriteAddressOption(destination, i, OptionLeaseTime, LeaseSeconds);
            i = WriteAddressOption(destination, i, OptionRenewalTime, RenewalSeconds);
            i = WriteAddressOption(destination, i, OptionRebindingTime, RebindingSeconds);
            if (DnsCount > 0)
            {
                destination[i++] = OptionDns;
                destination[i++] = (byte)(4 * DnsCount);
                for (int d = 0; d < DnsCount; d++)
                {
                    BigEndian.WriteUInt32(destination.Slice(i, 4), GetDns(d));
                    i += 4;
                }
            }

            if (Operation == OperationRequest)
            {
                destination[i++] = OptionParameterRequest;
                destination[i++] = 5;
                destination[i++] = OptionSubnetMask;
                destination[i++] = OptionRouter;
                destination[i++] = OptionDns;
                destination[i++] = OptionRenewalTime;
                destination[i++] = OptionRebindingTime;
            }

            destination[i++] = OptionEnd;
            return i < minimum ? minimum : i;
        }

        private static int WriteAddressOption(Span<byte> destination, int i, byte code, uint value)
        {
            if (value == 0)
            {
                return i;
            }

            destination[i] = code;
            destination[i + 1] = 4;
            BigEndian.WriteUInt32(destination.Slice(i + 2, 4), value);
            return i + 6;
        }
    }
}
