// The casting helpers compiled code calls for `is`, `as`, casts and stores into arrays of references.
// Kernel code casts along class hierarchies and to interfaces; variance and dynamic casts are not supported.
using Internal.Runtime;
using System.Runtime.CompilerServices;

namespace System.Runtime
{
    internal static unsafe class TypeCast
    {
        private static object IsInstanceOfClass(MethodTable* targetType, object obj)
        {
            if (obj == null)
            {
                return null;
            }

            for (MethodTable* type = obj.m_pMethodTable; type != null; type = type->RelatedType)
            {
                if (type == targetType)
                {
                    return obj;
                }

                if (type->HasComponentSize)
                {
                    // An array's related type is its element type, not a base class.
                    break;
                }
            }

            return null;
        }

        private static object IsInstanceOfInterface(MethodTable* targetType, object obj)
        {
            if (obj == null)
            {
                return null;
            }

            MethodTable* type = obj.m_pMethodTable;
            MethodTable** map = type->InterfaceMap;
            for (int i = 0; i < type->NumInterfaces; i++)
            {
                if (map[i] == targetType)
                {
                    return obj;
                }
            }

            return null;
        }

        private static object IsInstanceOfAny(MethodTable* targetType, object obj)
        {
            if (obj == null)
            {
                return null;
            }

            if (obj.m_pMethodTable == targetType)
            {
                return obj;
            }

            return IsInstanceOfClass(targetType, obj) ?? IsInstanceOfInterface(targetType, obj);
        }

        private static bool IsInstanceOfException(MethodTable* targetType, object obj) => IsInstanceOfClass(targetType, obj) != null;

        private static object CheckCastClass(MethodTable* targetType, object obj) => Checked(IsInstanceOfClass(targetType, obj), obj);

        private static object CheckCastClassSpecial(MethodTable* targetType, object obj) => Checked(IsInstanceOfClass(targetType, obj), obj);

        private static object CheckCastInterface(MethodTable* targetType, object obj) => Checked(IsInstanceOfInterface(targetType, obj), obj);

        private static object CheckCastAny(MethodTable* targetType, object obj) => Checked(IsInstanceOfAny(targetType, obj), obj);

        private static void StelemRef(object[] array, nint index, object obj)
        {
            if ((nuint)index >= (uint)array.Length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
            }

            if (obj != null)
            {
                MethodTable* elementType = array.m_pMethodTable->RelatedType;
                if (obj.m_pMethodTable != elementType && elementType->RelatedType != null && IsInstanceOfAny(elementType, obj) == null)
                {
                    Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArrayTypeMismatchException();
                }
            }

            ref object element = ref Unsafe.As<byte, object>(ref *((byte*)RuntimeExports.AddressOf(array) + (2 * sizeof(nint))));
            Unsafe.Add(ref element, index) = obj;
        }

        private static ref object LdelemaRef(object[] array, nint index, MethodTable* elementType)
        {
            if ((nuint)index >= (uint)array.Length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
            }

            if (array.m_pMethodTable->RelatedType != elementType)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArrayTypeMismatchException();
            }

            ref object element = ref Unsafe.As<byte, object>(ref *((byte*)RuntimeExports.AddressOf(array) + (2 * sizeof(nint))));
            return ref Unsafe.Add(ref element, index);
        }

        private static object Checked(object result, object obj)
        {
            if (result == null && obj != null)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowInvalidCastException();
            }

            return result;
        }
    }
}
