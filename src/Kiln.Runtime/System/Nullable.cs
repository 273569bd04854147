// Nullable value types, for the compiler's lowering of `T?` on structs.
namespace System
{
    public struct Nullable<T>
        where T : struct
    {
        private readonly bool _hasValue;
        private T _value;

        public Nullable(T value)
        {
            _hasValue = true;
            _value = value;
        }

        public bool HasValue => _hasValue;

        public T Value => _value;

        public T GetValueOrDefault() => _value;
    }
}
