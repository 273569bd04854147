// The helpers compiled code calls by symbol name: object and array allocation. (The reference-store helpers
// have a register contract C# cannot keep and live in cpu.S.) Boxing is not offered: kernel code does not box. They are exported as
// [UnmanagedCallersOnly] entry points because the compiler roots those in a referenced core library; object results
// travel as pointers, which is what they are at the machine level.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Internal.Runtime
{
    // SAFETY: the MethodTable pointers come from compiled code and describe the object's real layout; memory comes
    // zeroed from the kernel heap and is never freed while referenced (the kernel frees only what it owns).
    internal static unsafe class RuntimeExports
    {
        [UnmanagedCallersOnly(EntryPoint = "RhpNewFast")]
        private static void* NewObject(MethodTable* type) => AddressOf(AllocateObject(type, type->BaseSize));

        [UnmanagedCallersOnly(EntryPoint = "RhpNewFinalizable")]
        private static void* NewFinalizableObject(MethodTable* type) => AddressOf(AllocateObject(type, type->BaseSize));

        [UnmanagedCallersOnly(EntryPoint = "RhpNewArrayFast")]
        private static void* NewArray(MethodTable* type, nint length) => AddressOf(AllocateArray(type, length));

        [UnmanagedCallersOnly(EntryPoint = "RhpNewPtrArrayFast")]
        private static void* NewPointerArray(MethodTable* type, nint length) => AddressOf(AllocateArray(type, length));

        [UnmanagedCallersOnly(EntryPoint = "RhNewString")]
        private static void* NewString(MethodTable* type, nint length) => AddressOf(AllocateArray(type, length));

        internal static object AllocateObject(MethodTable* type, uint size)
        {
            // The 8-byte header precedes the object pointer; the object pointer holds the MethodTable.
            byte* memory = (byte*)RuntimeImports.Allocate(size);
            byte* obj = memory + sizeof(nint);
            *(MethodTable**)obj = type;
            return Unsafe.AsRef<object>(&obj);
        }

        internal static void* AddressOf(object obj) => *(void**)Unsafe.AsPointer(ref obj);

        private static object AllocateArray(MethodTable* type, nint length)
        {
            if (length < 0 || length > 0x7FFFFFC7)
            {
                RuntimeImports.Panic("array length out of range");
            }

            ulong size = type->BaseSize + ((ulong)length * type->ComponentSize);
            size = (size + 7) & ~7UL;
            object array = AllocateObject(type, (uint)size);
            byte* obj = (byte*)AddressOf(array);
            *(int*)(obj + sizeof(nint)) = (int)length;
            return array;
        }
    }
}
