// Network byte order (big-endian) reads and writes. Kiln.Runtime's BinaryPrimitives has only the little-endian
// methods, so the network code carries its own; callers check the span length first.
using System;

namespace Kiln.Net
{
    public static class BigEndian
    {
        public static ushort ReadUInt16(ReadOnlySpan<byte> source) => (ushort)((source[0] << 8) | source[1]);

        public static uint ReadUInt32(ReadOnlySpan<byte> source) =>
            ((uint)source[0] << 24) | ((uint)source[1] << 16) | ((uint)source[2] << 8) | source[3];

        /// <summary>Reads a 48-bit value such as a MAC address into the low bits of a ulong.</summary>
        public static ulong ReadUInt48(ReadOnlySpan<byte> source) =>
            ((ulong)ReadUInt16(source) << 32) | ReadUInt32(source.Slice(2, 4));

        public static void WriteUInt16(Span<byte> destination, ushort value)
        {
            destination[0] = (byte)(value >> 8);
            destination[1] = (byte)value;
        }

        public static void WriteUInt32(Span<byte> destination, uint value)
        {
            destination[0] = (byte)(value >> 24);
            destination[1] = (byte)(value >> 16);
            destination[2] = (byte)(value >> 8);
            destination[3] = (byte)value;
        }

        public static void WriteUInt48(Span<byte> destination, ulong value)
        {
            WriteUInt16(destination, (ushort)(value >> 32));
            WriteUInt32(destination.Slice(2, 4), (uint)value);
        }
    }
}
