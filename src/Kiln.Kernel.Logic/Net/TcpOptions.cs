// The TCP options Kiln understands (RFC 9293 3.2, RFC 7323, RFC 2018): maximum segment size, window scale,
// SACK-permitted, SACK blocks and timestamps. Parse walks an option list, skipping NOPs and unknown kinds by their
// length and stopping at EOL; a length that is missing, too small, runs past the area or does not fit a known kind
// rejects the whole list. Write lays the present options out in a fixed, 4-byte aligned order (NOP padding), so the
// result of Write parses back to the same values. A repeated option overwrites the earlier one.
using System;

namespace Kiln.Net
{
    public struct TcpOptions
    {
        public const byte KindEndOfList = 0;
        public const byte KindNoOperation = 1;
        public const byte KindMaximumSegmentSize = 2;
        public const byte KindWindowScale = 3;
        public const byte KindSackPermitted = 4;
        public const byte KindSack = 5;
        public const byte KindTimestamps = 8;

        /// <summary>The largest option area: 60-byte header minus the 20 fixed bytes.</summary>
        public const int MaxLength = 40;

        public const int MaxSackBlocks = 4;

        public bool HasMaximumSegmentSize;
        public ushort MaximumSegmentSize;

        public bool HasWindowScale;

        /// <summary>The shift count as received; RFC 7323 2.3 says to use 14 for anything larger.</summary>
        public byte WindowScale;

        public bool SackPermitted;

        public bool HasTimestamps;
        public uint TimestampValue;
        public uint TimestampEchoReply;

        /// <summary>How many SACK blocks are present (0 to 4).</summary>
        public int SackBlockCount;
        private TcpSackBlock _sack0;
        private TcpSackBlock _sack1;
        private TcpSackBlock _sack2;
        private TcpSackBlock _sack3;

        /// <summary>Block index (0 to SackBlockCount - 1); an index out of range returns an empty block.</summary>
        public TcpSackBlock GetSackBlock(int index)
        {
            switch (index)
            {
                case 0: return _sack0;
                case 1: return _sack1;
                case 2: return _sack2;
                case 3: return _sack3;
                default: return default;
            }
        }

        /// <summary>Appends a SACK block; false when four are already present.</summary>
        public bool AddSackBlock(TcpSackBlock block)
        {
            switch (SackBlockCount)
            {
                case 0: _sack0 = block; break;
                case 1: _sack1 = block; break;
                case 2: _sack2 = block; break;
                case 3: _sack3 = block; break;
                default: return false;
            }
            SackBlockCount++;
            return true;
        }

        /// <summary>Parses the option area (the bytes between the fixed header and the data).</summary>
        public static TcpError Parse(ReadOnlySpan<byte> area, out TcpOptions options)
        {
            options = default;
            int i = 0;
            while (i < area.Length)
            {
                byte kind = area[i];
                if (kind == KindEndOfList)
                {
                    break;
                }
                if (kind == KindNoOperation)
                {
                    i++;
                    continue;
                }
                if (i + 1 >= area.Length)
                {
                    return TcpError.BadOption;
                }
                int length = area[i + 1];
                if (length < 2 || length > area.Length - i)
                {
                    return TcpError.BadOption;
                }
                ReadOnlySpan<byte> option = area.Slice(i, length);
                switch (kind)
                {
                    case KindMaximumSegmentSize:
                        if (length != 4)
                        {
                            return TcpError.BadOption;
                        }
                        options.HasMaximumSegmentSize = true;
                        options.MaximumSegmentSize = BigEndian.ReadUInt16(option.Slice(2));
                        break;
                    case KindWindowScale:
                        if (length != 3)
                        {
                            return TcpError.BadOption;
                        }
                        options.HasWindowScale = true;
                        options.WindowScale = option[2];
                        break;
                    case KindSackPermitted:
                        if (length != 2)
                        {
                            return TcpError.BadOption;
                        }
                        options.SackPermitted = true;
                        break;
                    case KindSack:
                        if ((length - 2) % 8 != 0 || length == 2 || (length - 2) / 8 > MaxSackBlocks)
                        {
                            return TcpError.BadOption;
                        }
                        options.SackBlockCount = 0;
                        for (int offset = 2; offset < length; offset += 8)
                        {
                            options.AddSackBlock(new TcpSackBlock(
                                BigEndian.ReadUInt32(option.Slice(offset)), BigEndian.ReadUInt32(option.Slice(offset + 4))));
                        }
                        break;
                    case KindTimestamps:
                        if (length != 10)
                        {
                            return TcpError.BadOption;
                        }
                        options.HasTimestamps = true;
                        options.TimestampValue = BigEndian.ReadUInt32(option.Slice(2));
                        options.TimestampEchoReply = BigEndian.ReadUInt32(option.Slice(6));
                        break;
                    default:
                        break;   // unknown kind: skipped by its length
                }
                i += length;
            }
            return TcpError.None;
        }

        /// <summary>The bytes Write will produce (a multiple of 4), or -1 when the options do not fit in 40 bytes
        /// or the SACK block count is out of range.</summary>
        public int EncodedLength()
        {
            if (SackBlockCount < 0 || SackBlockCount > MaxSackBlocks)
            {
                return -1;
            }
            int length = 0;
            if (HasMaximumSegmentSize)
            {
                length += 4;
            }
            if (HasTimestamps)
            {
                length += 12;   // NOP NOP TS, or SACKP TS
            }
            else if (SackPermitted)
            {
                length += 4;    // NOP NOP SACKP
            }
            if (HasWindowScale)
            {
                length += 4;    // NOP WS
            }
            if (SackBlockCount > 0)
            {
                length += 4 + 8 * SackBlockCount;   // NOP NOP SACK
            }
            return length <= MaxLength ? length : -1;
        }

        /// <summary>Writes the options; returns the bytes written, or -1 when they do not fit (see EncodedLength)
        /// or the destination is too small.</summary>
        public int Write(Span<byte> destination)
        {
            int length = EncodedLength();
            if (length < 0 || destination.Length < length)
            {
                return -1;
            }
            int i = 0;
            if (HasMaximumSegmentSize)
            {
                destination[i] = KindMaximumSegmentSize;
                destination[i + 1] = 4;
                BigEndian.WriteUInt16(destination.Slice(i + 2), MaximumSegmentSize);
                i += 4;
            }
            if (HasTimestamps)
            {
                if (SackPermitted)
                {
                    destination[i] = KindSackPermitted;
                    destination[i + 1] = 2;
                }
                else
                {
                    destination[i] = KindNoOperation;
                    destination[i + 1] = KindNoOperation;
                }
                destination[i + 2] = KindTimestamps;
                destination[i + 3] = 10;
                BigEndian.WriteUInt32(destination.Slice(i + 4), TimestampValue);
                BigEndian.WriteUInt32(destination.Slice(i + 8), TimestampEchoReply);
                i += 12;
            }
            else if (SackPermitted)
            {
                destination[i] = KindNoOperation;
                destination[i + 1] = KindNoOperation;
                destination[i + 2] = KindSackPermitted;
                destination[i + 3] = 2;
                i += 4;
            }
            if (HasWindowScale)
            {
                destination[i] = KindNoOperation;
                destination[i + 1] = KindWindowScale;
                destination[i + 2] = 3;
                destination[i + 3] = WindowScale;
                i += 4;
            }
            if (SackBlockCount > 0)
            {
                destination[i] = KindNoOperation;
                destination[i + 1] = KindNoOperation;
                destination[i + 2] = KindSack;
                destination[i + 3] = (byte)(2 + 8 * SackBlockCount);
                i += 4;
                for (int b = 0; b < SackBlockCount; b++)
                {
                    TcpSackBlock block = GetSackBlock(b);
                    BigEndian.WriteUInt32(destination.Slice(i), block.Left);
                    BigEndian.WriteUInt32(destination.Slice(i + 4), block.Right);
                    i += 8;
                }
            }
            return i;
        }
    }
}
