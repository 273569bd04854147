// Little-endian integer reads and writes on spans, bounds-checked, with the BCL's names.
namespace System.Buffers.Binary
{
    public static class BinaryPrimitives
    {
        public static ushort ReadUInt16LittleEndian(ReadOnlySpan<byte> source) => (ushort)(source[0] | (source[1] << 8));

        public static short ReadInt16LittleEndian(ReadOnlySpan<byte> source) => (short)ReadUInt16LittleEndian(source);

        public static uint ReadUInt32LittleEndian(ReadOnlySpan<byte> source) =>
            (uint)source[0] | ((uint)source[1] << 8) | ((uint)source[2] << 16) | ((uint)source[3] << 24);

        public static int ReadInt32LittleEndian(ReadOnlySpan<byte> source) => (int)ReadUInt32LittleEndian(source);

        public static ulong ReadUInt64LittleEndian(ReadOnlySpan<byte> source) =>
            ReadUInt32LittleEndian(source) | ((ulong)ReadUInt32LittleEndian(source.Slice(4)) << 32);

        public static long ReadInt64LittleEndian(ReadOnlySpan<byte> source) => (long)ReadUInt64LittleEndian(source);

        public static void WriteUInt16LittleEndian(Span<byte> destination, ushort value)
        {
            destination[1] = (byte)(value >> 8);
            destination[0] = (byte)value;
        }

        public static void WriteInt16LittleEndian(Span<byte> destination, short value) => WriteUInt16LittleEndian(destination, (ushort)value);

        public static void WriteUInt32LittleEndian(Span<byte> destination, uint value)
        {
            destination[3] = (byte)(value >> 24);
            destination[2] = (byte)(value >> 16);
            destination[1] = (byte)(value >> 8);
            destination[0] = (byte)value;
        }

        public static void WriteInt32LittleEndian(Span<byte> destination, int value) => WriteUInt32LittleEndian(destination, (uint)value);

        public static void WriteUInt64LittleEndian(Span<byte> destination, ulong value)
        {
            WriteUInt32LittleEndian(destination.Slice(4), (uint)(value >> 32));
            WriteUInt32LittleEndian(destination, (uint)value);
        }

        public static void WriteInt64LittleEndian(Span<byte> destination, long value) => WriteUInt64LittleEndian(destination, (ulong)value);
    }
}
