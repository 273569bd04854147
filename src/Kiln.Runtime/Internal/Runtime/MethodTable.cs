// The compiler's per-type descriptor, as far as allocation and casting read it (layout of .NET 10's MethodTable).
using System.Runtime.InteropServices;

namespace Internal.Runtime
{
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct MethodTable
    {
        private const uint HasComponentSizeFlag = 0x80000000;

        // Low 16 bits: the element size of arrays and strings (when HasComponentSizeFlag is set).
        internal uint Flags;

        // Object size including the 8-byte header that precedes the object pointer.
        internal uint BaseSize;

        // The base type of a class, or the element type of an array.
        internal MethodTable* RelatedType;
        internal ushort NumVtableSlots;
        internal ushort NumInterfaces;
        internal uint HashCode;

        internal bool HasComponentSize => (Flags & HasComponentSizeFlag) != 0;

        internal ushort ComponentSize => HasComponentSize ? (ushort)Flags : (ushort)0;

        // The interface map follows the vtable slots.
        internal MethodTable** InterfaceMap
        {
            get
            {
                fixed (MethodTable* self = &this)
                {
                    return (MethodTable**)((byte*)self + sizeof(MethodTable) + (NumVtableSlots * sizeof(nint)));
                }
            }
        }
    }
}
