// Big-endian (network byte order) reads and writes for the UDP and TCP headers. Kiln.Runtime's BinaryPrimitives
// only has the little-endian methods, so the transport layer carries its own four small helpers. Callers check
// lengths first; these index the span directly.
using System;

namespace Kiln.Net
{
    public static class TransportByteOrder
    {
        public static ushort ReadUInt16(ReadOnlySpan<byte> source, int offset) =>
            (ushort)((source[offset] << 8) | source[offset + 1]);

        public static uint ReadUInt32(ReadOnlySpan<byte> source, int offset) =>
            ((uint)source[offset] << 24) | ((uint)source[offset + 1] << 16) | ((uint)source[offset + 2] << 8) |
            source[offset + 3];

        public static void WriteUInt16(Span<byte> destination, int offset, ushort value)
        {
            destination[offset] = (byte)(value >> 8);
            destination[offset + 1] = (byte)value;
        }

        public static void WriteUInt32(Span<byte> destination, int offset, uint value)
        {
            destination[offset] = (byte)(value >> 24);
            destination[offset + 1] = (byte)(value >> 16);
            destination[offset + 2] = (byte)(value >> 8);
            destination[offset + 3] = (byte)value;
        }
    }
}
