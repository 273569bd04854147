// ICMP for IPv4 (RFC 792): echo request (type 8), echo reply (type 0) and destination unreachable (type 3). The
// checksum covers the whole ICMP message. For echo the rest-of-header holds identifier and sequence number; for
// destination unreachable it is unused except for the next-hop MTU of code 4 (RFC 1191), and the body carries the
// offending datagram's IP header and at least its first 8 payload bytes.
using System;

namespace Kiln.Net
{
    public struct IcmpMessage
    {
        public const int HeaderLength = 8;
        public const byte TypeEchoReply = 0;
        public const byte TypeDestinationUnreachable = 3;
        public const byte TypeEchoRequest = 8;
        public const byte CodeFragmentationNeeded = 4;

        /// <summary>The highest destination-unreachable code defined (15, precedence cutoff in effect; RFC 1812).</summary>
        public const byte MaximumUnreachableCode = 15;

        public byte Type;
        public byte Code;
        public ushort Checksum;

        /// <summary>Echo identifier; for destination unreachable, the high half of the rest-of-header (unused).</summary>
        public ushort Identifier;

        /// <summary>Echo sequence number; for destination unreachable code 4, the next-hop MTU.</summary>
        public ushort Sequence;

        /// <summary>Parses and verifies a whole ICMP message (the IPv4 payload); the body is message.Slice(HeaderLength).</summary>
        public static NetError Parse(ReadOnlySpan<byte> message, out IcmpMessage icmp)
        {
            icmp = default;
            if (message.Length < HeaderLength)
            {
                return NetError.TooShort;
            }

            byte type = message[0];
            byte code = message[1];
            if (type == TypeEchoReply || type == TypeEchoRequest)
            {
                if (code != 0)
                {
                    return NetError.BadCode;
                }
            }
            else if (type == TypeDestinationUnreachable)
            {
                if (code > MaximumUnreachableCode)
                {
                    return NetError.BadCode;
                }
            }
            else
            {
                return NetError.UnsupportedType;
            }

            if (!InternetChecksum.Verify(message))
            {
                return NetError.BadChecksum;
            }

            icmp.Type = type;
            icmp.Code = code;
            icmp.Checksum = BigEndian.ReadUInt16(message.Slice(2, 2));
            icmp.Identifier = BigEndian.ReadUInt16(message.Slice(4, 2));
            icmp.Sequence = BigEndian.ReadUInt16(message.Slice(6, 2));
            return NetError.None;
        }

        /// <summary>
        /// Writes the header followed by body and the checksum over both (also stored in Checksum). Returns the message
        /// length, or 0 if destination is too small.
        /// </summary>
        public int Write(Span<byte> destination, ReadOnlySpan<byte> body)
        {
            int length = HeaderLength + body.Length;
            if (body.Length > destination.Length - HeaderLength)
            {
                return 0;
            }

            destination[0] = Type;
            destination[1] = Code;
            destination[2] = 0;
            destination[3] = 0;
            BigEndian.WriteUInt16(destination.Slice(4, 2), Identifier);
            BigEndian.WriteUInt16(destination.Slice(6, 2), Sequence);
            body.CopyTo(destination.Slice(HeaderLength));
            Checksum = InternetChecksum.Compute(destination.Slice(0, length));
            BigEndian.WriteUInt16(destination.Slice(2, 2), Checksum);
            return length;
        }

        /// <summary>The echo reply to a parsed echo request: same identifier and sequence; the caller copies the body.</summary>
        public static IcmpMessage EchoReplyTo(in IcmpMessage request)
        {
            IcmpMessage reply = default;
            reply.Type = TypeEchoReply;
            reply.Identifier = request.Identifier;
            reply.Sequence = request.Sequence;
            return reply;
        }

        /// <summary>
        /// Writes a destination unreachable message about datagram (an IPv4 datagram as received): its IP header and
        /// first 8 payload bytes (RFC 792), or less if the datagram is shorter. Returns the length, 0 if it does not fit.
        /// </summary>
        public static int WriteDestinationUnreachable(Span<byte> destination, byte code, ushort nextHopMtu, ReadOnlySpan<byte> datagram)
        {
            int quoted = datagram.Length;
            if (datagram.Length >= 1)
            {
                int limit = (datagram[0] & 0xF) * 4 + 8;
                if (quoted > limit)
                {
                    quoted = limit;
                }
            }

            IcmpMessage icmp = default;
            icmp.Type = TypeDestinationUnreachable;
            icmp.Code = code;
            icmp.Sequence = code == CodeFragmentationNeeded ? nextHopMtu : (ushort)0;
            return icmp.Write(destination, datagram.Slice(0, quoted));
        }
    }
}
