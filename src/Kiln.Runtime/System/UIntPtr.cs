// A pointer-sized unsigned integer (nuint).
namespace System
{
    public readonly unsafe struct UIntPtr
    {
        private readonly void* _value;

        public UIntPtr(void* value) => _value = value;

        public UIntPtr(ulong value) => _value = (void*)value;

        public static explicit operator UIntPtr(ulong value) => new UIntPtr(value);

        public static explicit operator ulong(UIntPtr value) => (ulong)value._value;

        public static explicit operator void*(UIntPtr value) => value._value;
    }
}
