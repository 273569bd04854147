// Bulk memory helpers the compiler calls for block copies and clears; they forward to the kernel's memmove and
// memset (rep movsb / rep stosb in cpu.S).
using System.Runtime;
using System.Runtime.CompilerServices;

namespace System
{
    internal static unsafe class SpanHelpers
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "memmove")]
        private static extern void* MemoryMove(void* destination, void* source, nuint length);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "memset")]
        private static extern void* MemorySet(void* destination, int value, nuint length);

        internal static void Memmove(ref byte destination, ref byte source, nuint length) =>
            MemoryMove(Unsafe.AsPointer(ref destination), Unsafe.AsPointer(ref source), length);

        internal static void Fill(ref byte destination, byte value, nuint length) =>
            MemorySet(Unsafe.AsPointer(ref destination), value, length);

        internal static void ClearWithoutReferences(ref byte destination, nuint length) => Fill(ref destination, 0, length);

        internal static void ClearWithReferences(ref nint destination, nuint pointerCount) =>
            Fill(ref Unsafe.As<nint, byte>(ref destination), 0, pointerCount * (nuint)sizeof(nint));
    }
}
