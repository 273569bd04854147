// Block copies of memory that may hold object references; with no GC these are plain copies.
using System.Runtime.CompilerServices;

namespace System
{
    public static class Buffer
    {
        internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint byteCount) =>
            SpanHelpers.Memmove(ref destination, ref source, byteCount);

        internal static void Memmove(ref byte destination, ref byte source, nuint byteCount) =>
            SpanHelpers.Memmove(ref destination, ref source, byteCount);
    }
}
