// The primitive type int; the compiler treats it specially, this declaration only names it.
namespace System
{
    public struct Int32
    {
        public const int MinValue = -2147483648;
        public const int MaxValue = 2147483647;

        private int _value;
    }
}
